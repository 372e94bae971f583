#pragma once

#include <shared/wiretypes.h>

#include <QList>
#include <QObject>

namespace chat::client {

class ApiClient;

//! The user's sessions on the server (GET /sessions) for the Sessions dialog, and
//! signing one or all others out (DELETE /sessions/{id}, DELETE /sessions/others). After
//! a sign-out it loads the list again, so the dialog shows what the server has.
class SessionsController : public QObject
{
    Q_OBJECT
public:
    //! `api` must outlive the controller.
    explicit SessionsController(ApiClient &api, QObject *parent = nullptr);

    //! Fetches the list: loaded(), or notice() on failure.
    void load();
    //! Ends session `id` (not the current one: that is Sign Out), then loads again.
    void signOut(qint64 id);
    //! Ends every session but this one, then loads again.
    void signOutOthers();

Q_SIGNALS:
    void loaded(const QList<chat::SessionInfo> &sessions);
    void notice(const QString &text);

private:
    ApiClient &m_api;
};

} // namespace chat::client
