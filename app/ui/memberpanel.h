#pragma once

#include <shared/wireerror.h>
#include <shared/wiretypes.h>

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace chat::client {
class ClientContext;
}

namespace chat::ui {

//! The open group's details beside the conversation, as Slack and Element show them: its
//! title and topic (editable by admins and the owner), the members with their role and
//! presence, and what the user may do: add people, remove someone, make someone an admin
//! or the owner, mute, leave. Only what the user's role allows is offered (rules of
//! protocol §6.12, shared with the server); the server has the last word, and its
//! refusal shows in the status bar. Every change comes back through the server's events,
//! so the panel only asks and shows.
class MemberPanel : public QWidget
{
    Q_OBJECT
public:
    //! `context` must outlive the panel.
    explicit MemberPanel(client::ClientContext &context, QWidget *parent = nullptr);

    [[nodiscard]] QLineEdit *titleField() const { return m_title; }
    [[nodiscard]] QLineEdit *topicField() const { return m_topic; }
    [[nodiscard]] QPushButton *saveButton() const { return m_save; }
    [[nodiscard]] QListView *memberList() const { return m_members; }
    [[nodiscard]] QPushButton *addButton() const { return m_add; }
    [[nodiscard]] QPushButton *removeButton() const { return m_remove; }
    [[nodiscard]] QPushButton *roleButton() const { return m_role; }
    [[nodiscard]] QPushButton *leaveButton() const { return m_leave; }
    [[nodiscard]] QCheckBox *muteBox() const { return m_mute; }

    //! The user's role in the open group; none when it is not a group they are in.
    [[nodiscard]] std::optional<MemberRole> ownRole() const;
    //! Removes the selected member (after no question: the button says who).
    void removeSelected();
    //! Makes the selected member an admin, or a member again.
    void toggleSelectedAdmin();
    //! Hands the group over to the selected member.
    void handOverToSelected();
    //! Opens the picker of people to add (window-modal) and adds who is picked.
    void addPeople();
    //! Leaves the group, after asking (`confirm`).
    void leave(bool confirm = true);

Q_SIGNALS:
    //! The panel has nothing to show (no group open).
    void closeRequested();
    //! The server refused a change; the text says what and why, for the status bar.
    void notice(const QString &text);

private:
    void refresh();
    void updateActions();
    void saveTitle();
    [[nodiscard]] qint64 conversationId() const;
    [[nodiscard]] std::optional<Member> selectedMember() const;
    void report(const QString &what, const Error &error);

    client::ClientContext &m_context;
    QLineEdit *m_title;
    QLineEdit *m_topic;
    QPushButton *m_save;
    QLabel *m_count;
    QListView *m_members;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_role;
    QPushButton *m_owner;
    QCheckBox *m_mute;
    QPushButton *m_leave;
};

//! The detail line of a member: "owner · online", "admin · last seen 14:05".
[[nodiscard]] QString memberDetailText(MemberRole role, bool online, const QDateTime &lastSeen);

} // namespace chat::ui
