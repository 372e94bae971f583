#include "localserverhost.h"

#include <host/hostcertificate.h>
#include <server/hub/localhub.h>

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
    const QHostAddress &address, quint16 port, const QString &databasePath, Transport transport)
{
    if (isRunning())
        return localUrl();
    server::ServerConfig config;
    config.address = address;
    config.port = port;
    config.databasePath = databasePath.isEmpty() ? defaultDatabasePath() : databasePath;
    QSslCertificate certificate;
    if (transport == Transport::Tls) {
        auto files = HostCertificate::ensureDefault();
        if (!files)
            return files.error();
        config.tls.certificatePath = files.value().certificatePath;
        config.tls.keyPath = files.value().keyPath;
        certificate = files.value().certificate;
    }
    m_server = std::make_unique<server::ChatServer>(config);
    auto started = m_server->start();
    if (!started) {
        m_server.reset();
        return started.error();
    }
    m_certificate = certificate;
    connect(&m_server->hub(), &server::LocalHub::connectionCountChanged, this,
        [this] { Q_EMIT connectionCountChanged(connectionCount()); });
    Q_EMIT runningChanged(true);
    return localUrl();
}

void LocalServerHost::stop()
{
    if (!m_server)
        return;
    m_server.reset();
    m_certificate = QSslCertificate();
    Q_EMIT runningChanged(false);
    Q_EMIT connectionCountChanged(0);
}

QUrl LocalServerHost::localUrl() const
{
    return m_server ? m_server->url() : QUrl();
}

int LocalServerHost::connectionCount() const
{
    return m_server ? int(m_server->hub().connectionCount()) : 0;
}

QString LocalServerHost::invitationLink() const
{
    const QStringList urls = shareableUrls();
    return urls.isEmpty() ? QString() : urls.first();
}

QSslCertificate LocalServerHost::certificate() const
{
    return m_certificate;
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
    const QString scheme = localUrl().scheme();
    QStringList urls;
    // Interfaces that are up, IPv4 first (what people type), then global IPv6; never
    // loopback or link-local (fe80::, 169.254.*: not reachable as typed).
    QStringList ipv6;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        if (!interface.flags().testFlag(QNetworkInterface::IsUp)
            || !interface.flags().testFlag(QNetworkInterface::IsRunning)
            || interface.flags().testFlag(QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            const QHostAddress address = entry.ip();
            if (address.isLoopback() || address.isLinkLocal())
                continue;
            if (address.protocol() == QAbstractSocket::IPv4Protocol) {
                urls << u"%1://%2:%3"_s.arg(scheme, address.toString()).arg(port());
            } else if (address.protocol() == QAbstractSocket::IPv6Protocol
                && listening != QHostAddress::AnyIPv4) {
                ipv6 << u"%1://[%2]:%3"_s.arg(scheme, address.toString()).arg(port());
            }
        }
    }
    return urls + ipv6;
}

} // namespace chat::host
