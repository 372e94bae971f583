#include "messagedelegate.h"

#include <client/models/deliverystate.h>
#include <client/models/messagelistmodel.h>
#include <ui/conversationdelegate.h>

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>
#include <QToolTip>

#include <cmath>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::DeliveryState;
using chat::client::MessageListModel;
using chat::client::ReceiptMark;

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

//! How many ticks a mark is drawn with (0: it is a character, or nothing).
int tickCount(DeliveryMark mark)
{
    switch (mark) {
    case DeliveryMark::Stored:
        return 1;
    case DeliveryMark::Delivered:
    case DeliveryMark::Read:
        return 2;
    default:
        return 0;
    }
}

//! The ticks' size for the footer font: as tall as a digit, the second one overlapping
//! the first, as in Telegram and WhatsApp. Drawn, not typed: fonts' check marks vary
//! from tiny to emoji.
QSizeF ticksSize(const QFont &font, int count)
{
    if (count == 0)
        return {};
    const qreal height = QFontMetricsF(font).capHeight() * 0.85;
    const qreal width = height * 1.3;
    return { width + (count - 1) * width * 0.45, height };
}

//! The gap between the time and the ticks.
qreal ticksGap(const QFont &font)
{
    return QFontMetricsF(font).horizontalAdvance(u' ') * 1.5;
}

void paintTicks(QPainter *painter, const QRectF &box, int count, const QColor &colour)
{
    const qreal height = box.height();
    const qreal width = height * 1.3;
    QPen pen(colour, std::max(1.3, height / 6.0));
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    const QPointF origin = box.topLeft();
    QPainterPath first;
    first.moveTo(origin + QPointF(0, height * 0.55));
    first.lineTo(origin + QPointF(width * 0.35, height));
    first.lineTo(origin + QPointF(width, 0));
    painter->drawPath(first);
    if (count > 1) {
        // The second tick's short stroke would cross the first one's long stroke: only
        // the part to the right of it shows.
        const QPointF shift(width * 0.45, 0);
        QPainterPath second;
        second.moveTo(origin + shift + QPointF(width * 0.17, height * 0.78));
        second.lineTo(origin + shift + QPointF(width * 0.35, height));
        second.lineTo(origin + shift + QPointF(width, 0));
        painter->drawPath(second);
    }
    painter->restore();
}

//! Read ticks: the accent colour, a little darker so that it stands out on our bubble
//! (which is tinted with the same colour).
QColor readColor(const QPalette &palette)
{
    const QColor accent = palette.color(QPalette::Highlight);
    return accent.lightnessF() > 0.45 ? accent.darker(125) : accent;
}

//! The receipt of a row, whether the model keeps it as ReceiptMark or as an int.
ReceiptMark receiptOf(const QModelIndex &index)
{
    const QVariant value = index.data(MessageListModel::ReceiptRole);
    if (value.metaType() == QMetaType::fromType<ReceiptMark>())
        return value.value<ReceiptMark>();
    return static_cast<ReceiptMark>(value.toInt());
}
} // namespace

DeliveryMark deliveryMark(const QModelIndex &index)
{
    if (!index.data(MessageListModel::IsOwnRole).toBool())
        return DeliveryMark::None;
    switch (index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>()) {
    case DeliveryState::Pending:
        return DeliveryMark::Pending;
    case DeliveryState::Failed:
        return DeliveryMark::Failed;
    case DeliveryState::Sent:
        break;
    }
    switch (receiptOf(index)) {
    case ReceiptMark::Read:
        return DeliveryMark::Read;
    case ReceiptMark::Delivered:
        return DeliveryMark::Delivered;
    case ReceiptMark::None:
        break;
    }
    return DeliveryMark::Stored;
}

QString deliveryMarkText(DeliveryMark mark)
{
    switch (mark) {
    case DeliveryMark::None:
        return {};
    case DeliveryMark::Pending:
        return u"\u25F7"_s; // a clock: on its way
    case DeliveryMark::Stored:
        return u"\u2713"_s; // a tick: stored on the server
    case DeliveryMark::Delivered:
    case DeliveryMark::Read:
        return u"\u2713\u2713"_s; // two ticks: on their device; coloured once read
    case DeliveryMark::Failed:
        return u"\u26A0"_s;
    }
    return {};
}

QString deliveryMarkDescription(DeliveryMark mark)
{
    switch (mark) {
    case DeliveryMark::None:
        return {};
    case DeliveryMark::Pending:
        return MessageDelegate::tr("Sending…");
    case DeliveryMark::Stored:
        return MessageDelegate::tr("Sent");
    case DeliveryMark::Delivered:
        return MessageDelegate::tr("Delivered");
    case DeliveryMark::Read:
        return MessageDelegate::tr("Read");
    case DeliveryMark::Failed:
        return MessageDelegate::tr("Not sent");
    }
    return {};
}

MessageDelegate::MessageDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{ }

QString MessageDelegate::timeText(const QModelIndex &index)
{
    const QDateTime time = index.data(MessageListModel::CreatedAtRole).toDateTime();
    return QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat);
}

QString MessageDelegate::footerText(const QModelIndex &index) const
{
    const DeliveryMark mark = deliveryMark(index);
    switch (mark) {
    case DeliveryMark::None:
        return timeText(index);
    case DeliveryMark::Failed:
        return tr("Not sent \u2013 right-click to retry") + u"  "_s + deliveryMarkText(mark);
    default:
        return timeText(index) + u"  "_s + deliveryMarkText(mark);
    }
}

int MessageDelegate::footerWidth(const QFont &font, const QModelIndex &index) const
{
    const int ticks = tickCount(deliveryMark(index));
    if (ticks == 0)
        return QFontMetrics(font).horizontalAdvance(footerText(index));
    return int(std::ceil(QFontMetricsF(font).horizontalAdvance(timeText(index)) + ticksGap(font)
        + ticksSize(font, ticks).width() + 1));
}

MessageDelegate::Layout MessageDelegate::layout(
    const QStyleOptionViewItem &option, const QModelIndex &index, int top) const
{
    const int viewWidth = m_view->viewport()->width();
    const int maxBubble = std::max(120, viewWidth * 72 / 100);
    const int maxText = maxBubble - 2 * BubblePadding;
    const QString body = index.data(MessageListModel::BodyRole).toString();
    const QFont small = footerFont(option.font);

    const WrappedText wrapped(body, option.font, maxText);
    const QSize textBounds = wrapped.size.toSize();
    const QSize footer(footerWidth(small, index), QFontMetrics(small).height());
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
    const QFont small = footerFont(option.font);
    painter->setFont(small);
    painter->setPen(footerColor);
    const DeliveryMark mark = deliveryMark(index);
    if (const int ticks = tickCount(mark); ticks > 0) {
        // The time, then the ticks on its baseline; read ones in the accent colour.
        const QSizeF size = ticksSize(small, ticks);
        const QFontMetricsF metrics(small);
        const QRectF footer(geometry.footer);
        const qreal baseline
            = footer.top() + (footer.height() - metrics.height()) / 2 + metrics.ascent();
        const QRectF box(footer.right() + 1 - size.width() - 1, baseline - size.height(),
            size.width(), size.height());
        painter->drawText(footer.adjusted(0, 0, -(size.width() + 1 + ticksGap(small)), 0),
            Qt::AlignRight | Qt::AlignVCenter, timeText(index));
        paintTicks(
            painter, box, ticks, mark == DeliveryMark::Read ? readColor(palette) : footerColor);
    } else {
        painter->drawText(geometry.footer, Qt::AlignRight | Qt::AlignVCenter, footerText(index));
    }
    painter->restore();
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const DeliveryMark mark = deliveryMark(index);
    const Layout geometry = layout(option, index, option.rect.top());
    if (mark == DeliveryMark::None || !geometry.footer.contains(event->pos())) {
        QToolTip::hideText();
        return true;
    }
    QString text = deliveryMarkDescription(mark);
    if (mark == DeliveryMark::Failed) {
        const QString reason = index.data(MessageListModel::ErrorRole).toString();
        if (!reason.isEmpty())
            text = tr("Not sent: %1").arg(reason);
    }
    QToolTip::showText(event->globalPos(), text, view->viewport(), geometry.footer);
    return true;
}

} // namespace chat::ui
