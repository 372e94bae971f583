#include "messagedelegate.h"

#include <client/models/messagelistmodel.h>
#include <ui/avatar.h>
#include <ui/messagehighlight.h>
#include <ui/messagelayout.h>
#include <ui/messagelinks.h>
#include <ui/messagetext.h>

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>
#include <QToolTip>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::MessageListModel;

namespace {
constexpr int Radius = 12;

QColor mix(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() * (1 - amountOfB) + b.redF() * amountOfB,
        a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB,
        a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB);
}

//! The red of a message that was not sent.
QColor failedColor()
{
    return { 0xd0, 0x3b, 0x3b };
}

//! Text in the palette's text colour, faded (times, system lines).
QColor fadedText(const QPalette &palette, float opacity)
{
    QColor color = palette.color(QPalette::Text);
    color.setAlphaF(opacity);
    return color;
}

//! The bubble's fill: ours tinted with the accent colour, others' a shade off the base.
QColor bubbleFill(const QStyleOptionViewItem &option, bool own)
{
    const QPalette &palette = option.palette;
    QColor fill = own ? mix(palette.color(QPalette::Base), palette.color(QPalette::Highlight), 0.22)
                      : mix(palette.color(QPalette::Base), palette.color(QPalette::Window), 0.9);
    if (option.state & QStyle::State_Selected)
        fill = mix(fill, palette.color(QPalette::Highlight), 0.25);
    return fill;
}
} // namespace

QString deliveryMarkToolTip(const QModelIndex &index)
{
    const MessageContent content = MessageContent::of(index);
    if (content.readCount > 0)
        return readByText(
            content.readCount, index.data(MessageListModel::ReadByRole).toStringList());
    if (content.mark == DeliveryMark::Failed) {
        const QString reason = index.data(MessageListModel::ErrorRole).toString();
        if (!reason.isEmpty())
            return MessageDelegate::tr("Not sent: %1").arg(reason);
    }
    return deliveryMarkDescription(content.mark);
}

QString reactionToolTip(const QModelIndex &index, int chip)
{
    const auto chips = index.data(MessageListModel::ReactionsRole)
                           .value<QList<client::messagestate::ReactionChip>>();
    if (chip < 0 || chip >= chips.size())
        return {};
    const auto *rows = qobject_cast<const client::MessageRowsModel *>(index.model());
    QStringList names;
    int unknown = 0;
    for (const qint64 userId : chips.at(chip).userIds) {
        const QString name = !rows        ? QString()
            : userId == rows->ownUserId() ? MessageDelegate::tr("You")
                                          : rows->nameOf(userId);
        if (name.isEmpty())
            ++unknown;
        else
            names.append(name);
    }
    if (unknown > 0)
        names.append(MessageDelegate::tr("%1 more").arg(unknown));
    return MessageDelegate::tr("%1 reacted with %2").arg(names.join(u", "_s), chips.at(chip).emoji);
}

MessageDelegate::MessageDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{ }

MessageLayout MessageDelegate::layout(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return layout(option, MessageContent::of(index));
}

MessageLayout MessageDelegate::layout(
    const QStyleOptionViewItem &option, const MessageContent &content) const
{
    // The viewport's width, not the option's: sizeHint() is asked with no rect.
    return { content, option.font, m_view->viewport()->width(), option.rect.top() };
}

MessageLayout MessageDelegate::layoutInView(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    option.initFrom(m_view->viewport());
    option.font = m_view->font();
    option.rect = m_view->visualRect(index);
    return layout(option, index);
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return { m_view->viewport()->width(), layout(option, index).height() };
}

void MessageDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const MessageContent content = MessageContent::of(index);
    const MessageLayout geometry = layout(option, content);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (const qreal strength = m_highlight ? m_highlight->strength(index) : 0; strength > 0) {
        QColor band = option.palette.color(QPalette::Highlight);
        band.setAlphaF(float(0.3 * strength));
        painter->fillRect(option.rect, band);
    }
    geometry.header().paint(painter, option);
    if (content.system)
        paintSystemLine(painter, option, geometry);
    else
        paintBubble(painter, option, content, geometry);
    painter->restore();
}

void MessageDelegate::paintSystemLine(
    QPainter *painter, const QStyleOptionViewItem &option, const MessageLayout &geometry) const
{
    if (option.state & QStyle::State_Selected) {
        // No bubble, but a selected line still shows that it is.
        QPainterPath path;
        const QRectF behind = QRectF(geometry.text()).adjusted(-8, -2, 8, 2);
        path.addRoundedRect(behind, behind.height() / 2, behind.height() / 2);
        painter->fillPath(path,
            mix(option.palette.color(QPalette::Base), option.palette.color(QPalette::Highlight),
                0.25));
    }
    painter->setPen(fadedText(option.palette, 0.6f));
    geometry.body().draw(painter, geometry.bodyOrigin());
}

void MessageDelegate::paintBubble(QPainter *painter, const QStyleOptionViewItem &option,
    const MessageContent &content, const MessageLayout &geometry) const
{
    const QColor fill = bubbleFill(option, content.own);
    const QColor border = content.mark == DeliveryMark::Failed
        ? failedColor()
        : mix(fill, option.palette.color(QPalette::Text), 0.12);

    QPainterPath path;
    path.addRoundedRect(QRectF(geometry.bubble()).adjusted(0.5, 0.5, -0.5, -0.5), Radius, Radius);
    painter->fillPath(path, fill);
    painter->setPen(QPen(border, 1));
    painter->drawPath(path);

    if (!geometry.senderName().isEmpty()) {
        // Their avatar's colour, made readable on this bubble in light and dark palettes.
        const QFont nameFont = MessageLayout::senderFont(option.font);
        painter->setFont(nameFont);
        painter->setPen(readableOn(personColor(content.senderId), fill));
        painter->drawText(geometry.senderName(), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(nameFont).elidedText(
                content.senderName, Qt::ElideRight, geometry.senderName().width()));
    }

    if (!geometry.quote().isEmpty())
        paintQuote(painter, option, content, geometry, fill);

    QColor textColor = option.palette.color(QPalette::Text);
    if (content.mark == DeliveryMark::Pending)
        textColor.setAlphaF(0.75f);
    if (content.deleted)
        textColor = fadedText(option.palette, 0.55f);
    paintMessageText(painter, *geometry.document(), geometry.bodyOrigin(), textColor);
    paintChips(painter, option, content, geometry, fill);
    paintFooter(painter, option, content, geometry);
}

void MessageDelegate::paintQuote(QPainter *painter, const QStyleOptionViewItem &option,
    const MessageContent &content, const MessageLayout &geometry, const QColor &fill) const
{
    // Telegram's way: a bar in the quoted sender's colour on a faint band of it.
    const QColor accent = content.quotedSenderId != 0
        ? readableOn(personColor(content.quotedSenderId), fill)
        : fadedText(option.palette, 0.45f);
    const QRect quote = geometry.quote();
    QPainterPath band;
    band.addRoundedRect(QRectF(quote), 4, 4);
    painter->fillPath(band, mix(fill, accent, 0.1));
    painter->fillRect(QRect(quote.left(), quote.top(), 3, quote.height()), accent);

    const QFont small = MessageLayout::quoteFont(option.font);
    if (!geometry.quotedSender().isEmpty()) {
        QFont bold = small;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(accent);
        painter->drawText(geometry.quotedSender(), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(bold).elidedText(
                content.quotedSender, Qt::ElideRight, geometry.quotedSender().width()));
    }
    painter->setFont(small);
    painter->setPen(fadedText(option.palette, 0.8f));
    painter->drawText(geometry.quotedText(), Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(small).elidedText(
            content.quotedText, Qt::ElideRight, geometry.quotedText().width()));
}

void MessageDelegate::paintChips(QPainter *painter, const QStyleOptionViewItem &option,
    const MessageContent &content, const MessageLayout &geometry, const QColor &fill) const
{
    const QFont font = MessageLayout::chipFont(option.font);
    painter->setFont(font);
    const QColor accent = option.palette.color(QPalette::Highlight);
    for (qsizetype index = 0; index < geometry.chips().size(); ++index) {
        const auto &chip = content.reactions.at(index);
        const QRectF rect = QRectF(geometry.chips().at(index)).adjusted(0.5, 0.5, -0.5, -0.5);
        QPainterPath path;
        path.addRoundedRect(rect, rect.height() / 2, rect.height() / 2);
        // Our own reaction stands out in the accent colour, as in Telegram and Element.
        painter->fillPath(path,
            chip.own ? mix(fill, accent, 0.3)
                     : mix(fill, option.palette.color(QPalette::Text), 0.06));
        painter->setPen(
            QPen(chip.own ? accent : mix(fill, option.palette.color(QPalette::Text), 0.2), 1));
        painter->drawPath(path);
        painter->setPen(option.palette.color(QPalette::Text));
        painter->drawText(rect, Qt::AlignCenter, MessageLayout::chipText(chip));
    }
}

void MessageDelegate::paintFooter(QPainter *painter, const QStyleOptionViewItem &option,
    const MessageContent &content, const MessageLayout &geometry) const
{
    const DeliveryMark mark = content.mark;
    const QColor color
        = mark == DeliveryMark::Failed ? failedColor() : fadedText(option.palette, 0.55f);
    // Read ticks, and "read by 2" in their place, in the accent colour.
    const QColor markColor = mark == DeliveryMark::Read ? readColor(option.palette) : color;
    painter->setFont(MessageLayout::footerFont(option.font));
    painter->setPen(color);
    painter->drawText(geometry.time(), Qt::AlignRight | Qt::AlignVCenter, content.time);
    if (!geometry.readCount().isEmpty()) {
        painter->setPen(markColor);
        painter->drawText(geometry.readCount(), Qt::AlignRight | Qt::AlignVCenter,
            readCountText(content.readCount));
    } else if (!geometry.ticks().isEmpty()) {
        paintTicks(painter, geometry.ticks(), tickCount(mark), markColor);
    } else if (mark != DeliveryMark::None) {
        painter->drawText(
            geometry.mark(), Qt::AlignRight | Qt::AlignVCenter, deliveryMarkText(mark));
    }
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const MessageLayout geometry = layout(option, index);
    if (const int chip = geometry.chipAt(event->pos()); chip >= 0) {
        QToolTip::showText(event->globalPos(), reactionToolTip(index, chip), view->viewport(),
            geometry.chips().at(chip));
        return true;
    }
    const QRect mark = geometry.mark();
    if (mark.contains(event->pos())) {
        QToolTip::showText(event->globalPos(), deliveryMarkToolTip(index), view->viewport(), mark);
        return true;
    }
    // The time in full; a link, where it goes.
    if (const QString text = timelineToolTip(geometry, index, event->pos()); !text.isEmpty()) {
        QToolTip::showText(event->globalPos(), text, view->viewport());
        return true;
    }
    QToolTip::hideText();
    return true;
}

} // namespace chat::ui
