#include "serverfixture.h"

namespace chat::test {

using namespace Qt::StringLiterals;

ServerFixture::ServerFixture() = default;

ServerFixture::~ServerFixture()
{
    stop();
}

bool ServerFixture::start(const TestServer::Tweak &tweak)
{
    stop();
    m_server = std::make_unique<TestServer>(tweak);
    return connectRest();
}

bool ServerFixture::restart()
{
    if (!m_server) {
        m_error = u"restart() without a server: call start() first"_s;
        return false;
    }
    m_rest.reset();
    m_server->restart();
    return connectRest();
}

// The REST client goes first, so that its open connections are closed from our side
// before the server that holds their other end goes away.
void ServerFixture::stop()
{
    m_rest.reset();
    m_server.reset();
    m_error.clear();
}

bool ServerFixture::connectRest()
{
    if (!m_server->isRunning()) {
        m_error = u"the test server did not start: %1"_s.arg(m_server->error());
        return false;
    }
    m_error.clear();
    m_rest = std::make_unique<RestClient>(m_server->url());
    return true;
}

QList<Session> ServerFixture::signUp(const QStringList &usernames, const QString &password)
{
    QList<Session> sessions;
    for (const QString &username : usernames) {
        const Session session = m_rest->signUp(username, password);
        if (session.token.isEmpty()) {
            m_error = u"could not sign up %1"_s.arg(username);
            break;
        }
        sessions.append(session);
    }
    return sessions;
}

bool ServerFixture::startWithUsers(
    Session &alice, Session &bob, Session &carol, const TestServer::Tweak &tweak)
{
    if (!start(tweak))
        return false;
    const QList<Session> users = signUp({ u"alice"_s, u"bob"_s, u"carol"_s });
    if (users.size() != 3)
        return false;
    alice = users.at(0);
    bob = users.at(1);
    carol = users.at(2);
    return true;
}

bool ServerFixture::connectPair(Pair &pair, WsClient &alice, WsClient &bob)
{
    pair = m_rest->signUpPair();
    if (pair.conversationId == 0) {
        m_error = u"could not sign up alice and bob and open their conversation"_s;
        return false;
    }
    for (const auto &[client, session] :
        { std::pair(&alice, pair.alice), std::pair(&bob, pair.bob) }) {
        if (!client->connectAndAuthenticate(webSocketUrl(), session.token)) {
            m_error = u"%1's socket did not authenticate"_s.arg(session.user.username);
            return false;
        }
    }
    return true;
}

} // namespace chat::test
