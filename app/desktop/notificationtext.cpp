#include "notificationtext.h"

#include <QCoreApplication>

namespace chat::desktop {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("chat::desktop::NotificationText", text);
}

QString newMessages(int count)
{
    return count == 1 ? tr("New message") : tr("%1 new messages").arg(count);
}

} // namespace

QString firstLine(const QString &body, int maxLength)
{
    const QStringList lines = body.split(u'\n');
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (trimmed.size() <= maxLength)
            return trimmed;
        // Not in the middle of a surrogate pair (an emoji).
        int cut = maxLength - 1;
        if (cut > 0 && trimmed.at(cut - 1).isHighSurrogate())
            --cut;
        return trimmed.left(cut).trimmed() + u'…';
    }
    return {};
}

QString notificationTitle(const QString &sender, const QString &groupTitle)
{
    if (groupTitle.isEmpty())
        return sender;
    return tr("%1 in %2").arg(sender, groupTitle);
}

QString notificationBody(int count, const QString &latestLine, bool hideText)
{
    if (hideText || latestLine.isEmpty())
        return newMessages(count);
    if (count <= 1)
        return latestLine;
    return newMessages(count) + u'\n' + latestLine;
}

QString catchUpBody(int messages, int conversations)
{
    return tr("%1 in %2 conversations").arg(newMessages(messages)).arg(conversations);
}

} // namespace chat::desktop
