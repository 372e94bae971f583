#pragma once

#include <client/outgoing/outgoingmessage.h>
#include <shared/result.h>

#include <QList>
#include <QString>
#include <QUrl>
#include <shared/sqlite/sqlitedatabase.h>

namespace chat::client {

//! What the client keeps on disk for one user on one server: the outbox (our messages
//! the server has not acknowledged, or refused) and the resume position. One SQLite file
//! per server+user, so two accounts never see each other's queue. Every write commits
//! with synchronous=FULL before it returns: a message shown as Pending survives a crash
//! of the app or a power cut.
class LocalStore
{
public:
    LocalStore();
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    //! Where accounts live unless told otherwise: <AppDataLocation>/accounts.
    [[nodiscard]] static QString defaultProfileDirectory();
    //! <profileDir>/<host>_<port>/<username>.sqlite3, with every name made safe for any
    //! file system (a host or username never escapes the profile directory).
    [[nodiscard]] static QString pathFor(
        const QString &profileDirectory, const QUrl &serverUrl, const QString &username);

    //! Opens (creating the file and its directory) and migrates the schema.
    [[nodiscard]] Status open(const QString &path);
    void close();
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] int schemaVersion() const;

    //! Appends a message to the outbox; the order of appends is the order of sending.
    [[nodiscard]] Status addOutgoing(const OutgoingMessage &message);
    [[nodiscard]] Status removeOutgoing(const QString &clientId);
    [[nodiscard]] Status setOutgoingState(
        const QString &clientId, DeliveryState state, const QString &error);
    //! The outbox in the order the messages were written.
    [[nodiscard]] Result<QList<OutgoingMessage>> outgoing() const;

    //! The last position (message id) received from the server; 0 when none is known.
    [[nodiscard]] Result<qint64> position() const;
    [[nodiscard]] Status setPosition(qint64 position);

private:
    [[nodiscard]] Status exec(const QString &sql, const QVariantList &values = {});

    QString m_path;
    sqlite::Database m_database;
};

} // namespace chat::client
