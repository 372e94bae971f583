#include "messagetextcache.h"

#include <ui/messagetext.h>

#include <QFont>
#include <QTextDocument>

#include <cmath>

namespace chat::ui {

using namespace Qt::StringLiterals;

MessageTextCache &MessageTextCache::instance()
{
    static MessageTextCache cache;
    return cache;
}

std::shared_ptr<const QTextDocument> MessageTextCache::laidOut(
    const QString &body, const QFont &font, int maxWidth)
{
    const QString key = font.key() + u'\x1f' + QString::number(maxWidth) + u'\x1f' + body;
    if (const Entry *entry = m_documents.object(key))
        return entry->document;
    std::shared_ptr<QTextDocument> document = MessageText::document(body, font);
    document->setTextWidth(maxWidth);
    // As narrow as its widest line (whole pixels, so that nothing wraps again): a short
    // message makes a small bubble, and a code block's tint stays inside it.
    const qreal ideal = std::ceil(document->idealWidth());
    if (ideal < maxWidth)
        document->setTextWidth(ideal);
    ++m_made;
    m_documents.insert(key, new Entry { document });
    return document;
}

} // namespace chat::ui
