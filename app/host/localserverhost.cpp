#include "localserverhost.h"

#include <QDir>
#include <QNetworkInterface>
#include <QStandardPaths>

namespace chat::host {

using namespace Qt::StringLiterals;

LocalServerHost::LocalServerHost(QObject *parent)
    : QObject(parent)
{ }

LocalServerHost::~LocalServerHost()
{
    stop();
}

QString LocalServerHost::defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(u"hosted-server/chat.sqlite3"_s);
}

Result<QUrl> LocalServerHost::start(
    const QHostAddress &address, quint16 port, const QString &databasePath)
{
    if (isRunning())
        return localUrl();
    server::ServerConfig config;
    config.address = address;
    config.port = port;
    config.databasePath = databasePath.isEmpty() ? defaultDatabasePath() : databasePath;
    m_server = std::make_unique<server::ChatServer>(config);
    auto started = m_server->start();
    if (!started) {
        m_server.reset();
        return started.error();
    }
    Q_EMIT runningChanged(true);
    return localUrl();
}

void LocalServerHost::stop()
{
    if (!m_server)
        return;
    m_server.reset();
    Q_EMIT runningChanged(false);
}

QUrl LocalServerHost::localUrl() const
{
    return m_server ? m_server->url() : QUrl();
}

quint16 LocalServerHost::port() const
{
    return m_server ? m_server->port() : 0;
}

QStringList LocalServerHost::shareableUrls() const
{
    if (!m_server)
        return {};
    const QHostAddress listening = m_server->config().address;
    if (listening != QHostAddress::Any && listening != QHostAddress::AnyIPv4
        && listening != QHostAddress::AnyIPv6) {
        return { localUrl().toString() };
    }
    QStringList urls;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        urls << u"http://%1:%2"_s.arg(address.toString()).arg(port());
    }
    return urls;
}

} // namespace chat::host
