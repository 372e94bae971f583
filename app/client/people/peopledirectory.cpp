#include "peopledirectory.h"

#include <client/network/chatsession.h>
#include <client/network/conversationsapi.h>

namespace chat::client {

PeopleDirectory::PeopleDirectory(ChatSession &session, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(session)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DefaultDebounce);
    connect(&m_debounce, &QTimer::timeout, this, &PeopleDirectory::searchNow);
    connect(&m_session, &ChatSession::signedInChanged, this, [this] {
        if (!m_session.isSignedIn())
            clear();
    });
}

int PeopleDirectory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

QVariant PeopleDirectory::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User &user = m_users.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case UsernameRole:
        return user.username;
    case UserIdRole:
        return user.id;
    default:
        return {};
    }
}

QHash<int, QByteArray> PeopleDirectory::roleNames() const
{
    return { { UserIdRole, "userId" }, { UsernameRole, "username" } };
}

bool PeopleDirectory::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore && !m_searching;
}

void PeopleDirectory::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        request(m_users.constLast().username);
}

void PeopleDirectory::setQuery(const QString &query)
{
    const QString trimmed = query.trimmed();
    if (trimmed == m_query && m_asked)
        return;
    m_query = trimmed;
    m_asked = true;
    m_debounce.start();
}

void PeopleDirectory::searchNow()
{
    m_debounce.stop();
    m_asked = true;
    ++m_generation; // a next page of the previous search is no longer wanted
    request({});
}

void PeopleDirectory::clear()
{
    m_debounce.stop();
    ++m_generation;
    m_query.clear();
    m_asked = false;
    m_hasMore = false;
    setSearching(false);
    if (m_users.isEmpty())
        return;
    beginResetModel();
    m_users.clear();
    endResetModel();
}

int PeopleDirectory::rowOfUser(qint64 userId) const
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).id == userId)
            return row;
    }
    return -1;
}

void PeopleDirectory::request(const QString &after)
{
    if (!m_session.isSignedIn())
        return;
    setSearching(true);
    ConversationsApi(m_session.api())
        .searchUsers(m_query, after, PageSize,
            whileAlive<DirectoryPage>(this,
                [this, after, query = m_query, generation = m_generation](
                    Result<DirectoryPage> page) {
                    if (generation != m_generation)
                        return; // typed on meanwhile, or signed out
                    if (!page) {
                        setSearching(false);
                        Q_EMIT notice(tr("Could not search people: %1").arg(page.error().message));
                        return;
                    }
                    // Still "searching" while the rows change: a view (or a model tester)
                    // that calls fetchMore() from inside the change must not ask for a
                    // page after the old last row.
                    m_hasMore = page->hasMore;
                    if (after.isEmpty()) {
                        beginResetModel();
                        m_users = page->users;
                        endResetModel();
                    } else if (!page->users.isEmpty()) {
                        const int first = int(m_users.size());
                        beginInsertRows({}, first, first + int(page->users.size()) - 1);
                        m_users.append(page->users);
                        endInsertRows();
                    }
                    setSearching(false);
                    if (after.isEmpty())
                        Q_EMIT searchFinished(query);
                }));
}

void PeopleDirectory::setSearching(bool searching)
{
    if (m_searching == searching)
        return;
    m_searching = searching;
    Q_EMIT searchingChanged(searching);
}

} // namespace chat::client
