#include "jumptobottombutton.h"

#include <client/models/messagelistmodel.h>

#include <QEvent>
#include <QListView>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>

namespace chat::ui {

using namespace Qt::StringLiterals;

namespace {
constexpr int Diameter = 40;
//! From the viewport's right and bottom edges.
constexpr int Margin = 14;
//! The badge overlaps the circle's top.
constexpr int BadgeHeight = 18;
} // namespace

QString badgeText(int count)
{
    return count > 99 ? u"99+"_s : QString::number(count);
}

JumpToBottomButton::JumpToBottomButton(QListView *list, client::MessageListModel *messages)
    : QAbstractButton(list)
    , m_list(list)
    , m_messages(messages)
{
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::NoFocus);
    setToolTip(tr("Go to the newest messages"));
    setAccessibleName(tr("Newest messages"));
    resize(sizeHint());
    m_list->installEventFilter(this);
    const QScrollBar *bar = m_list->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, &JumpToBottomButton::updateVisibility);
    connect(bar, &QScrollBar::rangeChanged, this, &JumpToBottomButton::updateVisibility);
    connect(m_messages, &client::MessageListModel::hasNewerChanged, this,
        &JumpToBottomButton::updateVisibility);
    connect(
        m_messages, &QAbstractItemModel::modelReset, this, &JumpToBottomButton::updateVisibility);
    hide();
}

QSize JumpToBottomButton::sizeHint() const
{
    // Room above the circle for half the badge.
    return { Diameter + 8, Diameter + BadgeHeight / 2 };
}

void JumpToBottomButton::setCount(int count)
{
    if (m_count == count)
        return;
    m_count = count;
    setAccessibleDescription(count > 0 ? tr("%n new message(s)", nullptr, count) : QString());
    update();
}

void JumpToBottomButton::updateVisibility()
{
    const QScrollBar *bar = m_list->verticalScrollBar();
    // The same slack as the view's "at the bottom".
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    const bool show = m_messages->rowCount() > 0 && (!atBottom || m_messages->hasNewer());
    if (show == isVisible())
        return;
    if (show) {
        place();
        raise();
    }
    setVisible(show);
}

void JumpToBottomButton::place()
{
    const QRect viewport = m_list->viewport()->geometry();
    move(viewport.right() + 1 - Margin - width(), viewport.bottom() + 1 - Margin - height());
}

bool JumpToBottomButton::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        place();
    return QAbstractButton::eventFilter(watched, event);
}

void JumpToBottomButton::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &palette = m_list->palette();
    const QRectF circle(
        (width() - Diameter) / 2.0, height() - Diameter, Diameter - 1, Diameter - 1);
    QColor fill = palette.color(QPalette::Base);
    if (isDown())
        fill = fill.darker(110);
    QColor border = palette.color(QPalette::Text);
    border.setAlphaF(0.25f);
    painter.setPen(QPen(border, 1));
    painter.setBrush(fill);
    painter.drawEllipse(circle.adjusted(0.5, 0.5, -0.5, -0.5));

    // The arrow, drawn rather than a glyph: the same in every font.
    QColor arrow = palette.color(QPalette::Text);
    arrow.setAlphaF(0.7f);
    painter.setPen(QPen(arrow, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    const QPointF centre = circle.center();
    painter.drawLine(centre + QPointF(0, -8), centre + QPointF(0, 8));
    painter.drawPolyline(
        QList<QPointF> { centre + QPointF(-6, 2), centre + QPointF(0, 8), centre + QPointF(6, 2) });

    if (m_count <= 0)
        return;
    QFont font = m_list->font();
    font.setBold(true);
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.8);
    painter.setFont(font);
    const QString text = badgeText(m_count);
    const int badgeWidth
        = std::max(BadgeHeight, painter.fontMetrics().horizontalAdvance(text) + 10);
    const QRectF badge(
        (width() - badgeWidth) / 2.0, circle.top() - BadgeHeight / 2.0, badgeWidth, BadgeHeight);
    QPainterPath path;
    path.addRoundedRect(badge, BadgeHeight / 2.0, BadgeHeight / 2.0);
    painter.fillPath(path, palette.color(QPalette::Highlight));
    painter.setPen(palette.color(QPalette::HighlightedText));
    painter.drawText(badge, Qt::AlignCenter, text);
}

} // namespace chat::ui
