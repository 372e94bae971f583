#include "messagelayout.h"

#include <client/models/messagerowsmodel.h>
#include <ui/messagetextcache.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QLocale>
#include <QModelIndex>
#include <QTextDocument>
#include <QTextLayout>

#include <cmath>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::MessageRowsModel;
using chat::client::messagestate::ReactionChip;

namespace {
constexpr int SideMargin = 12;
constexpr int VerticalGap = 3;
constexpr int BubblePadding = 8;
//! Above and below a system line's text (it has no bubble to pad it).
constexpr int SystemPadding = 6;
//! Between the sender's name and the body, and between the body and the footer.
constexpr int LineGap = 2;
//! The quote: its bar's width, and the space between bar and text and around the text.
constexpr int QuoteBar = 3;
constexpr int QuotePadding = 6;
//! A reaction chip: the space around its text, and between chips.
constexpr int ChipPadding = 7;
constexpr int ChipGap = 4;

struct Words
{
    Q_DECLARE_TR_FUNCTIONS(MessageDelegate)
};

QFont scaled(const QFont &base, qreal factor)
{
    QFont font = base;
    if (base.pointSizeF() > 0)
        font.setPointSizeF(base.pointSizeF() * factor);
    else
        font.setPixelSize(std::max(1, int(std::lround(base.pixelSize() * factor))));
    return font;
}

//! Lays `text` out at `maxWidth`: breaks between words, and inside a word only when it
//! alone is wider than that (a long link), as chat apps do. Returns the size it covers.
QSizeF wrap(QTextLayout &layout, const QString &text, const QFont &font, qreal maxWidth,
    Qt::Alignment alignment)
{
    QString lines = text;
    lines.replace(u'\n', QChar::LineSeparator);
    layout.setText(lines);
    layout.setFont(font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    option.setAlignment(alignment);
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
    return { std::ceil(width), std::ceil(height) };
}

int textWidth(const QFont &font, const QString &text)
{
    return int(std::ceil(QFontMetricsF(font).horizontalAdvance(text)));
}

//! Whether the row belongs to a group conversation (only MessageRowsModel knows).
bool inGroup(const QModelIndex &index)
{
    const auto *rows = qobject_cast<const MessageRowsModel *>(index.model());
    return rows && rows->isGroup();
}
} // namespace

MessageContent MessageContent::of(const QModelIndex &index)
{
    MessageContent content;
    content.body = index.data(MessageRowsModel::BodyRole).toString();
    content.senderId = index.data(MessageRowsModel::SenderIdRole).toLongLong();
    content.own = index.data(MessageRowsModel::IsOwnRole).toBool();
    content.system = index.data(MessageRowsModel::IsSystemRole).toBool();
    content.mark = deliveryMark(index);
    if (index.data(MessageRowsModel::ShowSenderRole).toBool())
        content.senderName = index.data(MessageRowsModel::SenderNameRole).toString();
    if (content.mark == DeliveryMark::Failed) {
        content.time = Words::tr("Not sent \u2013 right-click to retry");
    } else {
        const QDateTime time = index.data(MessageRowsModel::CreatedAtRole).toDateTime();
        content.time = QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat);
    }
    if (tickCount(content.mark) > 0 && inGroup(index))
        content.readCount = index.data(MessageRowsModel::ReadCountRole).toInt();
    content.deleted = index.data(MessageRowsModel::IsDeletedRole).toBool();
    if (content.deleted)
        content.body = Words::tr("Message deleted");
    else if (index.data(MessageRowsModel::EditedAtRole).toDateTime().isValid())
        content.time = Words::tr("edited %1").arg(content.time);
    if (const QVariant reply = index.data(MessageRowsModel::ReplyToRole); reply.isValid()) {
        const auto preview = reply.value<ReplyPreview>();
        content.quotes = true;
        content.quotedId = preview.id;
        if (!preview.available) {
            content.quotedText = Words::tr("An earlier message");
        } else if (preview.deleted) {
            content.quotedText = Words::tr("Message deleted");
        } else {
            const auto *rows = qobject_cast<const MessageRowsModel *>(index.model());
            content.quotedSenderId = preview.senderId;
            content.quotedSender = rows && preview.senderId == rows->ownUserId()
                ? Words::tr("You")
                : preview.senderName;
            content.quotedText = preview.excerpt;
        }
    }
    content.reactions = index.data(MessageRowsModel::ReactionsRole).value<QList<ReactionChip>>();
    content.marks = TimelineMarks::of(index);
    return content;
}

QString MessageLayout::chipText(const ReactionChip &chip)
{
    return u"%1 %2"_s.arg(chip.emoji).arg(chip.count());
}

QString readCountText(int readCount)
{
    return readCount > 0 ? Words::tr("read by %1").arg(readCount) : QString();
}

QFont MessageLayout::senderFont(const QFont &base)
{
    QFont font = scaled(base, 0.92);
    font.setBold(true);
    return font;
}

QFont MessageLayout::footerFont(const QFont &base)
{
    return scaled(base, 0.8);
}

QFont MessageLayout::systemFont(const QFont &base)
{
    return scaled(base, 0.85);
}

QFont MessageLayout::quoteFont(const QFont &base)
{
    return scaled(base, 0.88);
}

QFont MessageLayout::chipFont(const QFont &base)
{
    return scaled(base, 0.88);
}

int MessageLayout::chipAt(const QPoint &point) const
{
    for (qsizetype chip = 0; chip < m_chips.size(); ++chip) {
        if (m_chips.at(chip).contains(point))
            return int(chip);
    }
    return -1;
}

QSize MessageLayout::quoteSize(const MessageContent &content, const QFont &font, int maxWidth)
{
    if (!content.quotes)
        return {};
    // Two lines (who, what), each elided to the bubble; one when there is no sender.
    const QFont small = quoteFont(font);
    QFont bold = small;
    bold.setBold(true);
    const int lines = content.quotedSender.isEmpty() ? 1 : 2;
    const int widest
        = std::max(textWidth(bold, content.quotedSender), textWidth(small, content.quotedText));
    const int width = std::min(maxWidth, QuoteBar + 2 * QuotePadding + widest);
    return { width, lines * QFontMetrics(small).height() + QuotePadding };
}

QSize MessageLayout::layOutChips(
    const MessageContent &content, const QFont &font, QPoint origin, int maxWidth)
{
    m_chips.clear();
    if (content.reactions.isEmpty())
        return {};
    const QFont chip = chipFont(font);
    const int height = QFontMetrics(chip).height() + 4;
    int x = 0;
    int y = 0;
    int width = 0;
    for (const ReactionChip &reaction : content.reactions) {
        const int chipWidth
            = std::min(maxWidth, textWidth(chip, chipText(reaction)) + 2 * ChipPadding);
        if (x > 0 && x + chipWidth > maxWidth) {
            x = 0;
            y += height + ChipGap;
        }
        m_chips.append(QRect(origin.x() + x, origin.y() + y, chipWidth, height));
        x += chipWidth + ChipGap;
        width = std::max(width, x - ChipGap);
    }
    return { width, y + height };
}

MessageLayout::MessageLayout(const MessageContent &content, const QFont &font, int width, int top)
    : m_header(content.marks, font, width, top)
    , m_body(std::make_unique<QTextLayout>())
{
    // The rest goes below the day's name and the "New messages" line.
    if (content.system)
        layOutSystemLine(content, font, width, top + m_header.height());
    else
        layOutBubble(content, font, width, top + m_header.height());
    m_height += m_header.height();
}

MessageLayout::~MessageLayout() = default;
MessageLayout::MessageLayout(MessageLayout &&) noexcept = default;
MessageLayout &MessageLayout::operator=(MessageLayout &&) noexcept = default;

void MessageLayout::layOutSystemLine(
    const MessageContent &content, const QFont &font, int width, int top)
{
    // Wrapped at most as wide as a bubble can be, each line centred across the list.
    const int maxText = std::max(80, width - 4 * SideMargin);
    const QSize text
        = wrap(*m_body, content.body, systemFont(font), maxText, Qt::AlignHCenter).toSize();
    const int textTop = top + VerticalGap + SystemPadding;
    m_bodyOrigin = QPointF((width - maxText) / 2.0, textTop);
    m_text = QRect((width - text.width()) / 2, textTop, text.width(), text.height());
    m_height = text.height() + 2 * (VerticalGap + SystemPadding);
}

void MessageLayout::layOutBubble(
    const MessageContent &content, const QFont &font, int width, int top)
{
    // Most of a narrow list, at most a readable line (about 65 characters) of a wide one,
    // and never wider than the list: no horizontal scrolling down to a phone's width.
    const int readable = QFontMetrics(font).averageCharWidth() * 65 + 2 * BubblePadding;
    const int maxBubble = std::max(std::min(width - 2 * SideMargin, 120),
        std::min({ width * 80 / 100, readable, width - 2 * SideMargin }));
    const int maxText = std::max(1, maxBubble - 2 * BubblePadding);
    const QFont small = footerFont(font);
    QFont bodyFont = font;
    bodyFont.setItalic(content.deleted);
    m_document = MessageTextCache::instance().laidOut(content.body, bodyFont, maxText);
    const QSizeF size = m_document->size();
    const QSize text(int(std::ceil(size.width())), int(std::ceil(size.height())));
    const QSize quote = quoteSize(content, font, maxText);
    const int quoteHeight = quote.isEmpty() ? 0 : quote.height() + 2 * LineGap;
    const QSize chips = layOutChips(content, font, {}, maxText);
    const int chipsHeight = chips.isEmpty() ? 0 : chips.height() + 2 * LineGap;
    const int footerWidth = layOutFooter(content, small, {});
    const int footerHeight = QFontMetrics(small).height();
    int nameWidth = 0;
    int nameHeight = 0;
    if (!content.senderName.isEmpty()) {
        const QFont nameFont = senderFont(font);
        nameWidth = std::min(maxText, textWidth(nameFont, content.senderName));
        nameHeight = QFontMetrics(nameFont).height() + LineGap;
    }
    const int innerWidth
        = std::max({ text.width(), footerWidth, nameWidth, quote.width(), chips.width() });
    const int innerHeight
        = nameHeight + quoteHeight + text.height() + chipsHeight + LineGap + footerHeight;

    const int bubbleWidth = innerWidth + 2 * BubblePadding;
    const int left = content.own ? width - SideMargin - bubbleWidth : SideMargin;
    const int innerLeft = left + BubblePadding;
    const int innerTop = top + VerticalGap + BubblePadding;
    m_bubble = QRect(left, top + VerticalGap, bubbleWidth, innerHeight + 2 * BubblePadding);
    if (nameWidth > 0)
        m_senderName = QRect(innerLeft, innerTop, nameWidth, nameHeight - LineGap);
    if (!quote.isEmpty()) {
        // As wide as the bubble's inside: the whole band is what a click jumps from.
        m_quote = QRect(innerLeft, innerTop + nameHeight + LineGap, innerWidth, quote.height());
        const int lineHeight = QFontMetrics(quoteFont(font)).height();
        const QRect lines = m_quote.adjusted(
            QuoteBar + QuotePadding, QuotePadding / 2, -QuotePadding, -QuotePadding / 2);
        if (!content.quotedSender.isEmpty())
            m_quotedSender = QRect(lines.left(), lines.top(), lines.width(), lineHeight);
        m_quotedText
            = QRect(lines.left(), lines.bottom() + 1 - lineHeight, lines.width(), lineHeight);
    }
    m_text = QRect(innerLeft, innerTop + nameHeight + quoteHeight, text.width(), text.height());
    m_bodyOrigin = m_text.topLeft();
    if (!chips.isEmpty())
        layOutChips(
            content, font, QPoint(innerLeft, m_text.bottom() + 1 + 2 * LineGap), innerWidth);
    m_footer
        = QRect(innerLeft, m_text.bottom() + 1 + chipsHeight + LineGap, innerWidth, footerHeight);
    layOutFooter(content, small, m_footer);
    m_height = m_bubble.height() + 2 * VerticalGap;
}

int MessageLayout::layOutFooter(
    const MessageContent &content, const QFont &font, const QRect &footer)
{
    // Right to left from the footer's right edge: the mark (the ticks, the glyph, or in a
    // group once read "read by 2" in their place), a gap, the time.
    const QFontMetricsF metrics(font);
    const QString count = readCountText(content.readCount);
    const int ticks = count.isEmpty() ? tickCount(content.mark) : 0;
    const QString glyph = ticks == 0 ? deliveryMarkText(content.mark) : QString();
    qreal right = footer.right() + 1;
    const qreal end = right;
    m_readCount = {};
    if (!count.isEmpty()) {
        const qreal countWidth = metrics.horizontalAdvance(count);
        m_readCount
            = QRectF(right - countWidth, footer.top(), countWidth, footer.height()).toAlignedRect();
        right -= countWidth;
    }
    m_ticks = {};
    if (ticks > 0) {
        // On the time's baseline, as tall as a digit.
        const QSizeF size = ticksSize(font, ticks);
        const qreal baseline
            = footer.top() + (footer.height() - metrics.height()) / 2 + metrics.ascent();
        m_ticks = QRectF(
            right - 1 - size.width(), baseline - size.height(), size.width(), size.height());
        right -= size.width() + 1;
    } else if (!glyph.isEmpty()) {
        right -= metrics.horizontalAdvance(glyph);
    }
    const qreal markLeft = right;
    if (content.mark != DeliveryMark::None)
        right -= metrics.horizontalAdvance(u' ') * 1.5;
    const qreal timeWidth = metrics.horizontalAdvance(content.time);
    m_time = QRectF(right - timeWidth, footer.top(), timeWidth, footer.height()).toAlignedRect();
    // What hovering explains: the mark; on a failed message, the words that say it too.
    const qreal hoverLeft = content.mark == DeliveryMark::Failed ? m_time.left() : markLeft;
    m_mark = content.mark == DeliveryMark::None
        ? QRect()
        : QRectF(hoverLeft, footer.top(), end - hoverLeft, footer.height()).toAlignedRect();
    return int(std::ceil(end - (right - timeWidth)));
}

} // namespace chat::ui
