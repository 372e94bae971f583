#pragma once

#include <ui/composebanner.h>

#include <QObject>
#include <QStringList>

#include <functional>

class QListView;
class QPoint;

namespace chat::client {
class ClientContext;
}

namespace chat::ui {

class MessageInput;

//! What the user does to the open conversation's messages, from the message list and the
//! input bar, turned into OpenConversation's calls:
//! - the context menu of a message: Reply, Edit, Delete (for everyone, after asking),
//!   React (a few common emoji), Copy text, Copy link to message; on a message not sent, Retry (or
//!   Edit, when the server's refusal cannot change, such as a text too long) and Delete;
//! - a click on a quote jumps to the quoted message; a click on a reaction chip puts
//!   ours on or takes it off;
//! - Up in the empty input edits our newest message; Esc stops replying or editing;
//! - Enter sends what the input holds as a message, a reply, or the edited text.
//! While editing, the input holds the message's text instead of the conversation's draft,
//! which comes back afterwards untouched (isEditing() tells the view not to keep the
//! input's text as the draft meanwhile).
class MessageActions : public QObject
{
    Q_OBJECT
public:
    //! The emoji the React menu offers.
    [[nodiscard]] static const QStringList &quickReactions();

    //! Everything given must outlive the object. Listens to the list's viewport (clicks)
    //! and the input (Esc, Up).
    MessageActions(client::ClientContext &context, QListView *list, MessageInput *input,
        ComposeBanner *banner, QObject *parent = nullptr);

    //! Asks before deleting for everyone; tests replace the question (default: a message
    //! box).
    void setConfirmation(std::function<bool(const QString &question)> confirm)
    {
        m_confirm = std::move(confirm);
    }

    [[nodiscard]] bool isEditing() const { return m_banner->mode() == ComposeBanner::Mode::Edit; }

    //! The context menu of the row at `position` (viewport coordinates).
    void showContextMenu(const QPoint &position);
    //! Enter: `text` goes out as the banner says.
    void submit(const QString &text);
    //! Starts answering / editing the message in `row`; false if it cannot be.
    bool startReply(int row);
    bool startEdit(int row);
    //! Deletes the message in `row` for everyone, once confirmed.
    bool deleteRow(int row);
    //! Puts our `emoji` on the message in `row`, or takes it off.
    bool toggleReaction(int row, const QString &emoji);
    //! A message the server refused for good goes back to the input to be reworked (after
    //! what the input holds), and its failed row goes. False if there is no such message.
    bool reworkFailed(const QString &clientId);
    //! Stops replying or editing; the input gets the draft back after an edit.
    void cancel();
    //! Copies the selected rows' text (as written, not as rendered).
    void copySelection();
    //! Copies the link to the message in `row` (client::MessageLink); false if it is not
    //! stored yet.
    bool copyLink(int row);
    //! A link the user clicked in a bubble: a link to a message of this server jumps to it
    //! in the app; anything else opens where the desktop opens such links.
    void openLink(const QUrl &url);

Q_SIGNALS:
    //! Something went out from the input (the view then sticks to the newest message).
    void submitted();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    //! A left click at `position` on a quote or a chip; true when it did something.
    bool click(const QPoint &position);

    client::ClientContext &m_context;
    QListView *m_list;
    //! The list's viewport, kept to recognise its events: they also come while the list
    //! is being destroyed (its children hide), when asking m_list for it is no longer valid.
    QObject *m_viewport;
    MessageInput *m_input;
    ComposeBanner *m_banner;
    std::function<bool(const QString &)> m_confirm;
};

} // namespace chat::ui
