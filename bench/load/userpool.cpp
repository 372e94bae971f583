#include "userpool.h"

#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace chat::bench::userpool {

Status save(const QString &path, const QList<BenchUser> &users)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error { ErrorCode::Internal,
            u"cannot write %1: %2"_s.arg(path, file.errorString()) };
    for (const BenchUser &user : users) {
        file.write(u"%1\t%2\t%3\t%4\n"_s.arg(user.username)
                       .arg(user.id)
                       .arg(user.token)
                       .arg(user.conversationId)
                       .toUtf8());
    }
    if (!file.commit())
        return Error { ErrorCode::Internal,
            u"cannot write %1: %2"_s.arg(path, file.errorString()) };
    return Done {};
}

Result<QList<BenchUser>> load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorCode::Internal, u"cannot read %1: %2"_s.arg(path, file.errorString()) };
    QList<BenchUser> users;
    while (!file.atEnd()) {
        const QStringList fields = QString::fromUtf8(file.readLine()).trimmed().split(u'\t');
        if (fields.size() != 4)
            return Error { ErrorCode::Internal,
                u"%1: line %2 is not a user"_s.arg(path).arg(users.size() + 1) };
        users.append({ fields[0], fields[1].toLongLong(), fields[2], fields[3].toLongLong() });
    }
    return users;
}

} // namespace chat::bench::userpool
