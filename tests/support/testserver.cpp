#include "testserver.h"

#include <shared/protocol.h>
#include <support/storefixture.h>

namespace chat::test {

using namespace Qt::StringLiterals;

TestServer::TestServer(const Tweak &tweak)
{
    m_config.address = QHostAddress(QHostAddress::LocalHost);
    m_config.port = 0;
    m_config.databasePath = m_directory.filePath(u"chat.sqlite3"_s);
    if (testedEngine() == server::StoreEngine::PostgreSQL) {
        auto database = newPostgresDatabase();
        if (!database) {
            m_error = database.error().message;
            return;
        }
        m_config.postgres = database.value();
    }
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

QSqlDatabase TestServer::inspect(const QString &name) const
{
    QSqlDatabase database;
    if (const auto &url = m_config.postgres) {
        database = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        database.setHostName(url->host);
        database.setPort(url->port);
        database.setUserName(url->user);
        database.setPassword(url->password);
        database.setDatabaseName(url->database);
    } else {
        database = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        database.setDatabaseName(m_config.databasePath);
    }
    database.open();
    return database;
}

} // namespace chat::test
