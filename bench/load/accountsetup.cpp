#include "accountsetup.h"

#include "restcalls.h"

#include <QElapsedTimer>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace chat::bench {

namespace {

// Long enough, and no dictionary word, for the server's password-quality check.
const QString Password = u"violet-kettle-42"_s;
constexpr int SetupTimeoutMs = 3600 * 1000;

QString usernameOf(int index)
{
    return u"load%1"_s.arg(index, 5, 10, QChar(u'0'));
}

} // namespace

Result<QList<BenchUser>> signUp(const QUrl &server, int count, int concurrency, Waiter &waiter)
{
    QElapsedTimer timer;
    timer.start();
    QList<BenchUser> users(count);
    RestCalls rest(server, concurrency, waiter);
    int signedIn = 0;
    for (int i = 0; i < count; ++i) {
        users[i].username = usernameOf(i);
        const QJsonObject credentials { { u"username"_s, users[i].username },
            { u"password"_s, Password } };
        rest.post(u"/register"_s, credentials, {}, { 201, 409 },
            [&, i, credentials](int, const QJsonObject &) {
                rest.post(
                    u"/login"_s, credentials, {}, { 200 }, [&, i](int, const QJsonObject &session) {
                        users[i].token = session.value(u"token"_s).toString();
                        users[i].id
                            = session.value(u"user"_s).toObject().value(u"id"_s).toInteger();
                        if (++signedIn % 500 == 0)
                            std::fprintf(stderr, "  signed up %d of %d users\n", signedIn, count);
                    });
            });
    }
    if (!rest.finish(SetupTimeoutMs))
        return Error { ErrorCode::Internal, u"signing up: %1"_s.arg(rest.error) };
    const double signUpSeconds = double(timer.elapsed()) / 1000;

    for (int i = 0; i + 1 < count; i += 2) {
        rest.post(u"/conversations"_s, { { u"username"_s, users[i + 1].username } }, users[i].token,
            { 200, 201 }, [&users, i](int, const QJsonObject &body) {
                const qint64 id
                    = body.value(u"conversation"_s).toObject().value(u"id"_s).toInteger();
                users[i].conversationId = id;
                users[i + 1].conversationId = id;
            });
    }
    if (!rest.finish(SetupTimeoutMs))
        return Error { ErrorCode::Internal, u"opening conversations: %1"_s.arg(rest.error) };
    std::fprintf(stderr, "setup: %d users signed up in %.1f s, %d conversations opened in %.1f s\n",
        count, signUpSeconds, count / 2, double(timer.elapsed()) / 1000 - signUpSeconds);
    return users;
}

} // namespace chat::bench
