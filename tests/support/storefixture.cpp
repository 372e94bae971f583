#include "storefixture.h"

#include <server/store/postgres/connectionurl.h>
#include <support/resultcheck.h>
#include <support/throwawaypostgres.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDebug>
#include <QSqlError>
#include <QSqlQuery>

namespace chat::test {

using namespace Qt::StringLiterals;

server::StoreEngine testedEngine()
{
    const QByteArray name = qgetenv("CHAT_TEST_STORE_ENGINE");
    if (name == "postgresql")
        return server::StoreEngine::PostgreSQL;
    if (!name.isEmpty() && name != "sqlite")
        qFatal("CHAT_TEST_STORE_ENGINE is '%s': sqlite or postgresql", name.constData());
    return server::StoreEngine::SQLite;
}

namespace {

//! The process's PostgreSQL cluster, started by the first test that needs it and stopped
//! (its directory removed) as the application object goes, before Qt's SQL plugins do.
ThrowawayPostgres *sharedCluster(QString *error)
{
    static ThrowawayPostgres *cluster = nullptr;
    if (!cluster) {
        auto started = std::make_unique<ThrowawayPostgres>();
        if (!started->start()) {
            *error = started->error();
            return nullptr;
        }
        cluster = started.release();
        qAddPostRoutine([] { delete std::exchange(cluster, nullptr); });
    }
    return cluster;
}

int databaseCount = 0;

} // namespace

Result<server::postgres::ConnectionUrl> newPostgresDatabase(
    ThrowawayPostgres **cluster, QString *name)
{
    QString error;
    ThrowawayPostgres *shared = sharedCluster(&error);
    if (!shared)
        return Error { ErrorCode::Internal, u"no PostgreSQL cluster: %1"_s.arg(error), {} };
    const QString database = u"test_%1"_s.arg(++databaseCount);
    if (!shared->createDatabase(database))
        return Error { ErrorCode::Internal, shared->error(), {} };
    if (cluster)
        *cluster = shared;
    if (name)
        *name = database;
    return server::postgres::ConnectionUrl::parse(shared->url(database));
}

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
    if (m_engine == server::StoreEngine::SQLite)
        return m_store->open(databasePath());

    // A database per test, as a file per test on SQLite: nothing carries over.
    auto created = newPostgresDatabase(&m_postgres, &m_postgresDatabase);
    if (!created)
        return created.error();
    return m_store->open(created.value());
}

Status StoreFixture::openOnSameDatabase(server::Store &store) const
{
    if (m_engine == server::StoreEngine::SQLite)
        return store.open(databasePath());
    auto url = server::postgres::ConnectionUrl::parse(m_postgres->url(m_postgresDatabase));
    if (!url)
        return url.error();
    return store.open(url.value());
}

void StoreFixture::close()
{
    m_store.reset();
    m_directory.reset();
    m_postgres = nullptr; // the cluster stays for the next test; its database is left
    m_postgresDatabase.clear();
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

Inspector::Inspector(const StoreFixture &fixture)
    : m_name(u"tst_store-inspector-%1"_s.arg(++inspectorCount))
{
    if (fixture.engine() == server::StoreEngine::SQLite) {
        QSqlDatabase database = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        database.setDatabaseName(fixture.databasePath());
        m_open = database.open();
    } else {
        m_open = fixture.postgres()->connect(m_name, fixture.postgresDatabase()).isOpen();
    }
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
