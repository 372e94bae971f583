#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QToolButton;

namespace chat::client {
class ClientContext;
}

namespace chat::ui {

//! Message search, in the window's left column while it is open (it takes the sidebar's
//! place): the field, where it searches ("In bob" with a button to search everywhere,
//! after Ctrl+F in a conversation), what the search is doing or why it failed, and the
//! hits (SearchResultDelegate), more of them as the list scrolls down. Typing searches
//! (MessageSearch waits for a pause); Enter or a click on a hit emits resultChosen(),
//! Up and Down in the field move through the hits, Esc emits closeRequested().
class SearchPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SearchPanel(client::ClientContext &context, QWidget *parent = nullptr);

    [[nodiscard]] QLineEdit *field() const { return m_field; }
    [[nodiscard]] QListView *resultList() const { return m_results; }
    //! "Searching…", "No messages found", why the search failed; hidden while hits show.
    [[nodiscard]] QLabel *statusLabel() const { return m_status; }
    //! "In bob": the one conversation searched; hidden when searching everywhere.
    [[nodiscard]] QLabel *scopeLabel() const { return m_scope; }
    [[nodiscard]] QToolButton *everywhereButton() const { return m_everywhere; }

    //! Searches conversation `conversationId` (0: every conversation) for `text` (empty:
    //! what the field holds), with the field focused and its text selected.
    void start(qint64 conversationId, const QString &text = {});
    //! An empty field and no search (the panel closed).
    void reset();

Q_SIGNALS:
    //! The user picked a hit: show that message in its conversation.
    void resultChosen(qint64 conversationId, qint64 messageId);
    //! Esc, or the close button.
    void closeRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void choose(const QModelIndex &index);
    void updateStatus();
    void updateScope();

    client::ClientContext &m_context;
    QLineEdit *m_field;
    QToolButton *m_close;
    QLabel *m_scope;
    QToolButton *m_everywhere;
    QLabel *m_status;
    QListView *m_results;
};

} // namespace chat::ui
