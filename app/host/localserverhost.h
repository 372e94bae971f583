#pragma once

#include <server/chatserver.h>
#include <shared/result.h>

#include <QObject>
#include <QSslCertificate>

#include <memory>

namespace chat::host {

//! The "embedded local server": the same server library chatd runs, started inside the
//! app so one person can host a chat for others with nothing else installed.
class LocalServerHost : public QObject
{
    Q_OBJECT
public:
    explicit LocalServerHost(QObject *parent = nullptr);
    ~LocalServerHost() override;

    enum class Transport { Plain, Tls };
    //! Starts the server; an empty `databasePath` means the app's data location. With
    //! Transport::Tls it serves HTTPS and WSS with the app's own self-signed certificate,
    //! made on first use (HostCertificate).
    [[nodiscard]] Result<QUrl> start(const QHostAddress &address, quint16 port,
        const QString &databasePath = {}, Transport transport = Transport::Plain);
    void stop();

    [[nodiscard]] bool isRunning() const { return m_server && m_server->isRunning(); }
    //! The URL a client on this machine uses.
    [[nodiscard]] QUrl localUrl() const;
    [[nodiscard]] quint16 port() const;
    //! Addresses others on the network may use, for telling them how to join: the
    //! machine's LAN addresses (never loopback), or the local URL when the server listens
    //! on one address only.
    [[nodiscard]] QStringList shareableUrls() const;
    //! What to send someone to join: the first shareable URL (empty when not running).
    [[nodiscard]] QString invitationLink() const;
    //! Clients connected to the hosted server (authenticated sockets, this app's own
    //! included); 0 when not running.
    [[nodiscard]] int connectionCount() const;
    //! The certificate the server presents (null when not running or without TLS): its
    //! fingerprint is what others compare when their client asks whether to trust it.
    [[nodiscard]] QSslCertificate certificate() const;

    [[nodiscard]] static QString defaultDatabasePath();

Q_SIGNALS:
    void runningChanged(bool running);
    void connectionCountChanged(int count);

private:
    std::unique_ptr<server::ChatServer> m_server;
    QSslCertificate m_certificate;
};

} // namespace chat::host
