#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QToolButton;

namespace chat::client {
class ClientContext;
}

namespace chat {
struct User;
}

namespace chat::ui {

//! The left-hand side of the window: a filter field on top (Ctrl+K), the conversations it
//! narrows, and below them the people of the directory whose name starts with what was
//! typed and who have no conversation listed yet. With nothing typed, the people section
//! shows only while there is no conversation at all, so a new user sees whom to talk to.
//!
//! Picking a conversation is the window's business (it watches conversationList());
//! picking a person emits personChosen(), and the filter is cleared once it is. Under the
//! field, while something is typed, "Search messages for “…”" hands the text to the
//! message search (messageSearchRequested()).
class Sidebar : public QWidget
{
    Q_OBJECT
public:
    explicit Sidebar(client::ClientContext &context, QWidget *parent = nullptr);

    [[nodiscard]] QLineEdit *filterField() const { return m_filter; }
    [[nodiscard]] QListView *conversationList() const { return m_conversations; }
    [[nodiscard]] QListView *peopleList() const { return m_people; }
    //! The "People" header (or "No one found", "Searching…").
    [[nodiscard]] QLabel *peopleHeader() const { return m_peopleHeader; }
    [[nodiscard]] QToolButton *newGroupButton() const { return m_newGroup; }
    //! "Search messages for “…”", shown while the filter holds text.
    [[nodiscard]] QToolButton *searchMessagesButton() const { return m_searchMessages; }

    //! Focuses the filter with its text selected (Ctrl+K), and asks the directory again.
    void focusFilter();
    //! Asks the directory again when the people section shows: someone may have signed
    //! up since (the window calls it when it becomes active).
    void refreshPeople();

Q_SIGNALS:
    void personChosen(const chat::User &user);
    void newGroupRequested();
    //! Enter in the filter with a conversation as the first match.
    void conversationChosen(const QModelIndex &shownRow);
    //! The user asked to search the messages for `text` (what the filter holds).
    void messageSearchRequested(const QString &text);

private:
    void onFilterChanged(const QString &text);
    void onFilterReturn();
    void choosePerson(const QModelIndex &proxyRow);
    void updatePeopleSection();

    client::ClientContext &m_context;
    QLineEdit *m_filter;
    QToolButton *m_newGroup;
    QToolButton *m_searchMessages;
    QListView *m_conversations;
    QLabel *m_peopleHeader;
    QListView *m_people;
};

} // namespace chat::ui
