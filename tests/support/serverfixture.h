#pragma once

#include <shared/wiretypes.h>
#include <support/restclient.h>
#include <support/testserver.h>
#include <support/wsclient.h>

#include <QList>
#include <QStringList>
#include <QtGlobal>

#include <memory>

namespace chat::test {

//! One test's server: a TestServer (free port, temporary database) and a RestClient
//! on it. Start it in init() (or again inside a test, with a tweak), stop it in cleanup():
//!
//!     QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
//!
//! The accessors are valid only while the fixture runs.
class ServerFixture
{
public:
    ServerFixture();
    ~ServerFixture();
    Q_DISABLE_COPY(ServerFixture)

    //! Starts a server on a new, empty database, replacing a running one (and its data).
    //! False, with the reason in error(), when it did not start.
    [[nodiscard]] bool start(const TestServer::Tweak &tweak = {});
    //! Stops the server and starts it again on the same database and port, with a new
    //! RestClient (the old one may hold connections to the stopped server).
    [[nodiscard]] bool restart();
    //! Drops the REST client and stops the server. Nothing happens when none runs.
    void stop();

    [[nodiscard]] bool isRunning() const { return m_server && m_server->isRunning(); }
    [[nodiscard]] QString error() const { return m_error; }

    [[nodiscard]] TestServer &server() { return *m_server; }
    [[nodiscard]] server::ChatServer &chatServer() { return m_server->server(); }
    [[nodiscard]] RestClient &rest() { return *m_rest; }
    [[nodiscard]] QUrl url() const { return m_server->url(); }
    [[nodiscard]] QUrl webSocketUrl() const { return m_server->webSocketUrl(); }

    //! Registers and logs in each of `usernames`, in order, all with `password`. Stops at
    //! the first that fails (the reason in error()): fewer sessions than names came back.
    [[nodiscard]] QList<Session> signUp(
        const QStringList &usernames, const QString &password = defaultPassword());

    //! start(tweak), then signs up alice, bob and carol (the cast of the awareness and
    //! client tests) into the sessions given. False, with the reason in error(), when the
    //! server did not start or one of them could not sign up.
    [[nodiscard]] bool startWithUsers(
        Session &alice, Session &bob, Session &carol, const TestServer::Tweak &tweak = {});

    //! Signs up alice and bob and opens their conversation (RestClient::signUpPair()), and
    //! authenticates `alice` and `bob`, sockets the test owns, as them. False, with the
    //! reason in error(), when a step failed.
    [[nodiscard]] bool connectPair(Pair &pair, WsClient &alice, WsClient &bob);

private:
    bool connectRest();

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<RestClient> m_rest;
    QString m_error;
};

} // namespace chat::test
