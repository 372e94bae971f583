#include "messagedelegate.h"

#include "contactdelegate.h"
#include "deliverystate.h"
#include "messagelistmodel.h"

#include <QAbstractItemView>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

#include <cmath>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::DeliveryState;
using chat::client::MessageListModel;

namespace {
constexpr int SideMargin = 12;
constexpr int VerticalGap = 3;
constexpr int BubblePadding = 8;
constexpr int Radius = 12;

//! The body laid out for a width: breaks between words, and inside a word only when it
//! alone is wider than the bubble (a long link), as chat apps do.
struct WrappedText
{
    QTextLayout layout;
    QSizeF size;

    WrappedText(const QString &text, const QFont &font, qreal maxWidth)
    {
        QString lines = text;
        lines.replace(u'\n', QChar::LineSeparator);
        layout.setText(lines);
        layout.setFont(font);
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(option);
        layout.beginLayout();
        qreal height = 0;
        qreal width = 0;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(maxWidth);
            line.setPosition(QPointF(0, height));
            height += line.height();
            width = std::max(width, line.naturalTextWidth());
        }
        layout.endLayout();
        size = QSizeF(std::ceil(width), std::ceil(height));
    }
};

QFont footerFont(const QFont &base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.8);
    return font;
}

QColor mix(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() * (1 - amountOfB) + b.redF() * amountOfB,
        a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB,
        a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB);
}
} // namespace

MessageDelegate::MessageDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{ }

QString MessageDelegate::footerText(const QModelIndex &index) const
{
    const QDateTime time = index.data(MessageListModel::CreatedAtRole).toDateTime();
    QString text = QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat);
    if (!index.data(MessageListModel::IsOwnRole).toBool())
        return text;
    switch (index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>()) {
    case DeliveryState::Pending:
        return text + u"  \u25F7"_s; // a clock: on its way
    case DeliveryState::Sent:
        return text + u"  \u2713"_s; // a tick: stored on the server
    case DeliveryState::Failed:
        return tr("Not sent \u2013 right-click to retry") + u"  \u26A0"_s;
    }
    return text;
}

MessageDelegate::Layout MessageDelegate::layout(
    const QStyleOptionViewItem &option, const QModelIndex &index, int top) const
{
    const int viewWidth = m_view->viewport()->width();
    const int maxBubble = std::max(120, viewWidth * 72 / 100);
    const int maxText = maxBubble - 2 * BubblePadding;
    const QString body = index.data(MessageListModel::BodyRole).toString();
    const QFontMetrics small(footerFont(option.font));

    const WrappedText wrapped(body, option.font, maxText);
    const QSize textBounds = wrapped.size.toSize();
    const QSize footer(small.horizontalAdvance(footerText(index)), small.height());
    const int innerWidth = std::max(textBounds.width(), footer.width());
    const int innerHeight = textBounds.height() + 2 + footer.height();

    const bool own = index.data(MessageListModel::IsOwnRole).toBool();
    const int bubbleWidth = innerWidth + 2 * BubblePadding;
    const int left = own ? viewWidth - SideMargin - bubbleWidth : SideMargin;
    Layout layout;
    layout.wrapWidth = maxText;
    layout.bubble = QRect(left, top + VerticalGap, bubbleWidth, innerHeight + 2 * BubblePadding);
    layout.text = QRect(
        left + BubblePadding, top + VerticalGap + BubblePadding, innerWidth, textBounds.height());
    layout.footer
        = QRect(left + BubblePadding, layout.text.bottom() + 3, innerWidth, footer.height());
    return layout;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Layout geometry = layout(option, index, 0);
    return { m_view->viewport()->width(), geometry.bubble.height() + 2 * VerticalGap };
}

void MessageDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Layout geometry = layout(option, index, option.rect.top());
    const bool own = index.data(MessageListModel::IsOwnRole).toBool();
    const auto state = index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>();
    const QPalette &palette = option.palette;

    QColor fill = own ? mix(palette.color(QPalette::Base), palette.color(QPalette::Highlight), 0.22)
                      : mix(palette.color(QPalette::Base), palette.color(QPalette::Window), 0.9);
    if (option.state & QStyle::State_Selected)
        fill = mix(fill, palette.color(QPalette::Highlight), 0.25);
    QColor border = mix(fill, palette.color(QPalette::Text), 0.12);
    if (state == DeliveryState::Failed)
        border = QColor(0xd0, 0x3b, 0x3b);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(geometry.bubble).adjusted(0.5, 0.5, -0.5, -0.5), Radius, Radius);
    painter->fillPath(path, fill);
    painter->setPen(QPen(border, 1));
    painter->drawPath(path);

    QColor textColor = palette.color(QPalette::Text);
    if (state == DeliveryState::Pending)
        textColor.setAlphaF(0.75f);
    painter->setPen(textColor);
    const WrappedText wrapped(
        index.data(MessageListModel::BodyRole).toString(), option.font, geometry.wrapWidth);
    wrapped.layout.draw(painter, geometry.text.topLeft());

    QColor footerColor = state == DeliveryState::Failed ? border : palette.color(QPalette::Text);
    if (state != DeliveryState::Failed)
        footerColor.setAlphaF(0.55f);
    painter->setPen(footerColor);
    painter->setFont(footerFont(option.font));
    painter->drawText(geometry.footer, Qt::AlignRight | Qt::AlignVCenter, footerText(index));
    painter->restore();
}

} // namespace chat::ui
