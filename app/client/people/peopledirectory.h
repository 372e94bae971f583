#pragma once

#include <shared/wiretypes.h>

#include <QAbstractListModel>
#include <QTimer>

namespace chat::client {

class ChatSession;

//! The people directory (GET /users) as a list model: the users whose name starts with the
//! query, a page at a time. Typing changes the query; the search waits for a pause
//! (`debounce`) so a word typed is one request, and an answer to an older query is dropped,
//! so the rows always match what the field says. Scrolling to the end fetches the next
//! page (canFetchMore/fetchMore, which QListView calls by itself).
//!
//! Every search asks the server afresh: someone who signed up a second ago is found.
class PeopleDirectory : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, //!< qint64 id of the user.
        UsernameRole, //!< QString (also Qt::DisplayRole).
    };
    Q_ENUM(Role)

    static constexpr int PageSize = 30;
    static constexpr std::chrono::milliseconds DefaultDebounce { 250 };

    //! `session` must outlive the model.
    explicit PeopleDirectory(ChatSession &session, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    //! Searches for `query` (no query: everyone) after the debounce; the query already
    //! asked for does nothing (searchNow() asks again).
    void setQuery(const QString &query);
    [[nodiscard]] QString query() const { return m_query; }
    //! Runs the pending search at once, or the current one again (someone may have signed
    //! up since): Enter in the field, or a view that just became visible.
    void searchNow();
    //! Empties the list and forgets the query (signed out, or a dialog closed).
    void clear();
    void setDebounce(std::chrono::milliseconds delay) { m_debounce.setInterval(delay); }

    [[nodiscard]] const User &at(int row) const { return m_users.at(row); }
    [[nodiscard]] int rowOfUser(qint64 userId) const;
    //! A request is on its way (a first page or a next one).
    [[nodiscard]] bool isSearching() const { return m_searching; }

Q_SIGNALS:
    //! The rows now answer query() (a first page arrived, possibly empty).
    void searchFinished(const QString &query);
    void searchingChanged(bool searching);
    //! A search failed; the text says why, for the status bar.
    void notice(const QString &text);

private:
    void request(const QString &after);
    void setSearching(bool searching);

    ChatSession &m_session;
    QTimer m_debounce;
    QString m_query;
    QList<User> m_users;
    //! A search for m_query was asked for (since the last clear()).
    bool m_asked = false;
    bool m_hasMore = false;
    bool m_searching = false;
    //! Bumped by every new search and by clear(): answers to an earlier one are dropped.
    quint64 m_generation = 0;
};

} // namespace chat::client
