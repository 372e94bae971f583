#include "storefixture.h"

#include <support/resultcheck.h>

#include <QCryptographicHash>
#include <QDebug>
#include <QSqlError>
#include <QSqlQuery>

namespace chat::test {

using namespace Qt::StringLiterals;

QByteArray hashFor(const QString &username)
{
    return "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$" + username.toUtf8().toBase64();
}

QByteArray tokenHash(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

StoreFixture::StoreFixture() = default;
StoreFixture::~StoreFixture() = default;

Status StoreFixture::open()
{
    close();
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid()) {
        return Error { ErrorCode::Internal,
            u"no temporary directory: %1"_s.arg(m_directory->errorString()), {} };
    }
    m_store = std::make_unique<server::Store>();
    return m_store->open(databasePath());
}

void StoreFixture::close()
{
    m_store.reset();
    m_directory.reset();
}

Result<User> StoreFixture::addUser(const QString &username)
{
    return m_store->createUser(username, hashFor(username));
}

Result<QList<User>> StoreFixture::addUsers(const QStringList &usernames)
{
    QList<User> users;
    for (const QString &username : usernames) {
        const auto user = addUser(username);
        if (!user)
            return user.error();
        users.append(user.value());
    }
    return users;
}

Result<StoredPair> StoreFixture::addPair()
{
    const auto users = addUsers({ u"alice"_s, u"bob"_s });
    if (!users)
        return users.error();
    const auto opened = m_store->openDirectConversation(users->at(0).id, users->at(1).id);
    if (!opened)
        return opened.error();
    return StoredPair { users->at(0), users->at(1), opened->conversation.id };
}

Result<StoredTrio> StoreFixture::addTrio()
{
    const auto users = addUsers({ u"alice"_s, u"bob"_s, u"carol"_s });
    if (!users)
        return users.error();
    return StoredTrio { users->at(0), users->at(1), users->at(2) };
}

void StoreTest::init()
{
    VERIFY_OK(m_fixture.open());
}

void StoreTest::cleanup()
{
    m_fixture.close();
}

namespace {
int inspectorCount = 0;
}

Inspector::Inspector(const QString &path)
    : m_name(u"tst_store-inspector-%1"_s.arg(++inspectorCount))
{
    QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    database.setDatabaseName(path);
    m_open = database.open();
}

Inspector::~Inspector()
{
    QSqlDatabase::database(m_name, false).close();
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase Inspector::database() const
{
    return QSqlDatabase::database(m_name, false);
}

bool Inspector::exec(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql)) {
        qWarning() << sql << query.lastError().text();
        return false;
    }
    return true;
}

QVariantList Inspector::column(const QString &sql) const
{
    QSqlQuery query(database());
    QVariantList values;
    if (!query.exec(sql)) {
        qWarning() << sql << query.lastError().text();
        return values;
    }
    while (query.next())
        values.append(query.value(0));
    return values;
}

QVariant Inspector::scalar(const QString &sql) const
{
    const QVariantList values = column(sql);
    return values.isEmpty() ? QVariant() : values.first();
}

QStringList Inspector::tables() const
{
    QStringList names;
    for (const QVariant &name :
        column(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s))
        names.append(name.toString());
    return names;
}

} // namespace chat::test
