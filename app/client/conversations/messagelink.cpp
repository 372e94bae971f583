#include "messagelink.h"

#include <QRegularExpression>

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {

QString schemeFor(const QUrl &serverUrl)
{
    return serverUrl.scheme() == u"https" ? u"chats"_s : u"chat"_s;
}

int defaultPort(const QUrl &serverUrl)
{
    return serverUrl.scheme() == u"https" ? 443 : 80;
}

} // namespace

QUrl MessageLink::toUrl(const QUrl &serverUrl) const
{
    QUrl url;
    url.setScheme(schemeFor(serverUrl));
    url.setHost(serverUrl.host());
    url.setPort(serverUrl.port(defaultPort(serverUrl)));
    url.setPath(u"/conversations/%1/messages/%2"_s.arg(conversationId).arg(messageId));
    return url;
}

std::optional<MessageLink> MessageLink::fromUrl(const QUrl &url, const QUrl &serverUrl)
{
    if (!url.isValid() || url.scheme() != schemeFor(serverUrl)
        || url.host().compare(serverUrl.host(), Qt::CaseInsensitive) != 0
        || url.port() != serverUrl.port(defaultPort(serverUrl)))
        return std::nullopt;
    static const QRegularExpression path(
        u"^/conversations/([1-9][0-9]{0,17})/messages/([1-9][0-9]{0,17})$"_s);
    const QRegularExpressionMatch match = path.match(url.path());
    if (!match.hasMatch() || url.hasQuery() || url.hasFragment())
        return std::nullopt;
    return MessageLink { match.captured(1).toLongLong(), match.captured(2).toLongLong() };
}

} // namespace chat::client
