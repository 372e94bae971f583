#pragma once

#include <shared/result.h>

#include <QList>
#include <QString>

namespace chat::bench {

//! One signed-up user of the load generator: its session token, and the direct
//! conversation it shares with its partner (users 2i and 2i+1 are partners).
struct BenchUser
{
    QString username;
    qint64 id = 0;
    QString token;
    qint64 conversationId = 0;
};

//! The users `bench_load setup` made, kept in a file (one tab-separated line each) so that
//! the scenarios reuse them: signing up costs two Argon2id hashes a user.
namespace userpool {

[[nodiscard]] Status save(const QString &path, const QList<BenchUser> &users);
[[nodiscard]] Result<QList<BenchUser>> load(const QString &path);

} // namespace userpool

} // namespace chat::bench
