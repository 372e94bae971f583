#include "testserver.h"

#include <shared/protocol.h>

namespace chat::test {

using namespace Qt::StringLiterals;

TestServer::TestServer(const Tweak &tweak)
{
    m_config.address = QHostAddress(QHostAddress::LocalHost);
    m_config.port = 0;
    m_config.databasePath = m_directory.filePath(u"chat.sqlite3"_s);
    // Tests sign in many users from one address; throttling has tests of its own.
    m_config.auth.attemptBurst = 1000;
    m_config.chat.sendBurst = 100000;
    if (tweak)
        tweak(m_config);
    start();
}

TestServer::~TestServer() = default;

bool TestServer::start()
{
    m_server = std::make_unique<server::ChatServer>(m_config);
    auto started = m_server->start();
    m_error = started ? QString() : started.error().message;
    // A restart comes back on the same port, where the clients look for it.
    if (started)
        m_config.port = started.value();
    return started.ok();
}

bool TestServer::restart()
{
    m_server.reset();
    return start();
}

QUrl TestServer::url() const
{
    return m_server->url();
}

QUrl TestServer::webSocketUrl() const
{
    QUrl url = m_server->url();
    url.setScheme(url.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    url.setPath(QString::fromLatin1(protocol::WebSocketPath));
    return url;
}

QString TestServer::databasePath() const
{
    return m_config.databasePath;
}

} // namespace chat::test
