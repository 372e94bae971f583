#pragma once

#include <client/models/messagestate.h>
#include <ui/deliverymark.h>
#include <ui/rowheader.h>

#include <QFont>
#include <QList>
#include <QRect>
#include <QString>

#include <memory>

class QModelIndex;
class QTextDocument;
class QTextLayout;

namespace chat::ui {

//! What one row of the message list shows, read once from MessageListModel's roles.
struct MessageContent
{
    QString body;
    QString time; //!< "14:05"; on a failed message, what to do about it instead.
    QString senderName; //!< Empty unless it shows (others' messages in a group).
    qint64 senderId = 0;
    bool own = false;
    bool system = false; //!< A change of the conversation: a centred line, no bubble.
    DeliveryMark mark = DeliveryMark::None;
    //! How many others read our message, shown as "read by 2" in place of the ticks:
    //! groups only (in a direct conversation the coloured ticks already say that the one
    //! other member read it).
    int readCount = 0;
    //! The quote of the message it answers: its sender's name and its first line (or
    //! what stands for them: deleted, not visible to the reader).
    bool quotes = false;
    qint64 quotedId = 0;
    qint64 quotedSenderId = 0;
    QString quotedSender;
    QString quotedText;
    bool deleted = false; //!< Deleted for everyone: `body` says so, in italics.
    QList<client::messagestate::ReactionChip> reactions;
    TimelineMarks marks; //!< The day's name and the "New messages" line above the row.

    [[nodiscard]] static MessageContent of(const QModelIndex &index);
};

//! Where each part of one message row goes, for a list `width` wide and a row whose top
//! is `top`: the geometry MessageDelegate both sizes and paints rows by, and hit-tests
//! the delivery mark with, so the three never disagree.
//!
//! A message is a bubble, ours on the right and others' on the left, holding the
//! sender's name (others' messages in a group), the quote of the message it answers (a
//! bar, the quoted sender and first line), the word-wrapped body ("Message deleted" in
//! italics once deleted), the reactions as chips (emoji and count, wrapping), and a footer
//! line (the time, "edited" before it, then on our own the mark: ticks, or "read by 2" in
//! a group). A change of the conversation is a smaller line centred across the list, with
//! no bubble.
class MessageLayout
{
public:
    MessageLayout(const MessageContent &content, const QFont &font, int width, int top);
    ~MessageLayout();
    MessageLayout(MessageLayout &&) noexcept;
    MessageLayout &operator=(MessageLayout &&) noexcept;

    //! The row's height (what sizeHint() says).
    [[nodiscard]] int height() const { return m_height; }
    //! Above the rest: the day's name and the "New messages" line, if any.
    [[nodiscard]] const RowHeader &header() const { return m_header; }
    //! The bubble; empty for a system line.
    [[nodiscard]] QRect bubble() const { return m_bubble; }
    //! The sender's name above the body; empty unless it shows.
    [[nodiscard]] QRect senderName() const { return m_senderName; }
    //! A system line's text as laid out (wrapped, centred)…
    [[nodiscard]] const QTextLayout &body() const { return *m_body; }
    //! …or a bubble's, formatted (MessageText, shared through MessageTextCache)…
    [[nodiscard]] const QTextDocument *document() const { return m_document.get(); }
    //! …drawn at this point; it covers text().
    [[nodiscard]] QPointF bodyOrigin() const { return m_bodyOrigin; }
    //! What the body's lines cover.
    [[nodiscard]] QRect text() const { return m_text; }
    //! The footer line (time and mark); empty for a system line.
    [[nodiscard]] QRect footer() const { return m_footer; }
    //! The time (or, failed, "Not sent – right-click to retry").
    [[nodiscard]] QRect time() const { return m_time; }
    //! The whole mark, what hovering explains: the glyph, the ticks, or "read by 2".
    [[nodiscard]] QRect mark() const { return m_mark; }
    //! The ticks inside mark(); empty when the mark is a glyph or "read by 2".
    [[nodiscard]] QRectF ticks() const { return m_ticks; }
    //! "read by 2" inside mark() (groups, once someone read it); empty otherwise.
    [[nodiscard]] QRect readCount() const { return m_readCount; }
    //! The quote of the message it answers (what a click jumps from); empty if none.
    [[nodiscard]] QRect quote() const { return m_quote; }
    //! Inside quote(): the quoted sender's line and the quoted text's line.
    [[nodiscard]] QRect quotedSender() const { return m_quotedSender; }
    [[nodiscard]] QRect quotedText() const { return m_quotedText; }
    //! One chip per reaction, in the content's order.
    [[nodiscard]] const QList<QRect> &chips() const { return m_chips; }
    //! The index of the chip at `point`, or -1.
    [[nodiscard]] int chipAt(const QPoint &point) const;

    [[nodiscard]] static QFont senderFont(const QFont &base);
    [[nodiscard]] static QFont footerFont(const QFont &base);
    [[nodiscard]] static QFont systemFont(const QFont &base);
    //! The quote's and the chips' text.
    [[nodiscard]] static QFont quoteFont(const QFont &base);
    [[nodiscard]] static QFont chipFont(const QFont &base);
    //! What a chip says: the emoji, then the count.
    [[nodiscard]] static QString chipText(const client::messagestate::ReactionChip &chip);

private:
    void layOutSystemLine(const MessageContent &content, const QFont &font, int width, int top);
    void layOutBubble(const MessageContent &content, const QFont &font, int width, int top);
    //! Places the time, the mark and the count right-aligned in the footer; returns the
    //! width they need when `footer` is null (a first pass to size the bubble).
    int layOutFooter(const MessageContent &content, const QFont &font, const QRect &footer);
    //! The quote's size within `maxWidth` (0×0 without one).
    [[nodiscard]] static QSize quoteSize(
        const MessageContent &content, const QFont &font, int maxWidth);
    //! Places the chips in rows from `origin`, wrapping at `maxWidth`; returns the size
    //! they cover (0×0 without reactions).
    QSize layOutChips(
        const MessageContent &content, const QFont &font, QPoint origin, int maxWidth);

    RowHeader m_header;
    std::unique_ptr<QTextLayout> m_body;
    std::shared_ptr<const QTextDocument> m_document;
    int m_height = 0;
    QRect m_bubble;
    QRect m_senderName;
    QPointF m_bodyOrigin;
    QRect m_text;
    QRect m_footer;
    QRect m_time;
    QRect m_mark;
    QRectF m_ticks;
    QRect m_readCount;
    QRect m_quote;
    QRect m_quotedSender;
    QRect m_quotedText;
    QList<QRect> m_chips;
};

//! What our message in a group shows once read, in place of the ticks: "read by 2";
//! empty for none.
[[nodiscard]] QString readCountText(int readCount);

} // namespace chat::ui
