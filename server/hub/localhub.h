#pragma once

#include <server/hub/hub.h>

#include <QHash>
#include <QMultiHash>

namespace chat::server {

//! The Hub of a single server process: peers in memory, fan-out by direct calls.
class LocalHub final : public Hub
{
    Q_OBJECT
public:
    using Hub::Hub;

    void attach(Peer *peer) override;
    void detach(Peer *peer) override;
    void publish(const Message &message, const QList<qint64> &members, PeerId origin) override;
    void sendToUser(qint64 userId, const QString &frame, PeerId except = NoPeer) override;
    void sendToPeer(PeerId peer, const QString &frame) override;
    void revokeSession(const QByteArray &sessionId) override;

    [[nodiscard]] QList<qint64> onlineUsers() const override { return m_byUser.uniqueKeys(); }
    [[nodiscard]] bool isOnline(qint64 userId) const override { return m_byUser.contains(userId); }

    //! This process's peers of `userId`.
    [[nodiscard]] qsizetype connectionCount(qint64 userId) const { return m_byUser.count(userId); }
    //! This process's authenticated peers, of every user.
    [[nodiscard]] qsizetype connectionCount() const { return m_byId.size(); }

Q_SIGNALS:
    //! A peer attached or detached (connectionCount() changed).
    void connectionCountChanged();

private:
    QMultiHash<qint64, Peer *> m_byUser;
    QHash<PeerId, Peer *> m_byId;
};

} // namespace chat::server
