#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <memory>

class QColor;
class QFont;
class QPainter;
class QPointF;
class QTextDocument;

namespace chat::ui {

//! A message's text as a bubble shows it: a small Markdown subset and clickable links,
//! turned into the HTML QTextDocument reads. The raw text stays what is stored and copied.
//!
//! - `**bold**`, `*italic*` and `_italic_` (an underscore only at the edges of words, so
//!   snake_case stays as it is), within one line; a marker with no partner shows as typed;
//! - `` `inline code` `` (a run of backticks closes with a run as long, on the same line);
//! - a code block between ``` at the start of a line and the next ``` (an optional
//!   language name right after the opening fence is dropped); nothing inside is formatted;
//! - `> quoted` lines, consecutive ones one quote;
//! - links: http://, https:// and www. addresses, ending before white space, without the
//!   punctuation that usually follows one in a sentence (`.,;:!?'"*_`) or a closing
//!   bracket with no opening one in the address. Not inside code.
//! Everything else is escaped: no HTML of a message ever reaches the document.
class MessageText
{
public:
    //! The body as HTML (one block per paragraph, quote or code block).
    [[nodiscard]] static QString toHtml(const QString &body);
    //! A document of the body in `font`, wrapping anywhere inside a word only when it alone
    //! is too wide (a long link), no margin.
    [[nodiscard]] static std::unique_ptr<QTextDocument> document(
        const QString &body, const QFont &font);
    //! The links in the body, in order: what clicking them opens.
    [[nodiscard]] static QList<QUrl> links(const QString &body);
};

//! Draws `document` with its top left at `origin`, its text in `color`.
void paintMessageText(
    QPainter *painter, const QTextDocument &document, const QPointF &origin, const QColor &color);
//! The link of `document` at `point` (relative to its top left); empty for none.
[[nodiscard]] QUrl linkAt(const QTextDocument &document, const QPointF &point);

} // namespace chat::ui
