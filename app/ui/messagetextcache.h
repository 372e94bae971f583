#pragma once

#include <QCache>
#include <QString>

#include <memory>

class QFont;
class QTextDocument;

namespace chat::ui {

//! Message bodies as laid-out documents (MessageText), kept for the next time the same
//! text is sized or painted at the same width in the same font: a list of 600 rows is
//! laid out on every change of a row and painted on every scroll, and parsing the text
//! each time would make both slow. Keyed by the text itself, so an edited message is
//! simply another entry; the least recently used go first.
class MessageTextCache
{
public:
    //! How many documents are kept (more than the 600 rows of a window, a few sizes each).
    static constexpr int Capacity = 2000;

    //! The one the message delegates share (all painting happens on the GUI thread).
    [[nodiscard]] static MessageTextCache &instance();

    //! `body` in `font`, wrapped at `maxWidth`, then as wide as its widest line: its
    //! size() is what the text covers in a bubble.
    [[nodiscard]] std::shared_ptr<const QTextDocument> laidOut(
        const QString &body, const QFont &font, int maxWidth);

    //! How many documents were made (a test of the cache counts them).
    [[nodiscard]] int documentsMade() const { return m_made; }
    [[nodiscard]] int size() const { return int(m_documents.size()); }
    void clear() { m_documents.clear(); }

private:
    struct Entry
    {
        std::shared_ptr<const QTextDocument> document;
    };
    QCache<QString, Entry> m_documents { Capacity };
    int m_made = 0;
};

} // namespace chat::ui
