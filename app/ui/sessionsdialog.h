#pragma once

#include <shared/wiretypes.h>

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace chat::client {
class SessionsController;
}

namespace chat::ui {

//! Chat ▸ Sessions…: where the account is signed in (each session's app and machine, its
//! address, when it signed in and was last used), with Sign Out for each other session
//! and Sign Out All Others. The session of this window is marked and cannot be signed out
//! here (Chat ▸ Sign Out does that). Loads the list when shown.
class SessionsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SessionsDialog(client::SessionsController &sessions, QWidget *parent = nullptr);

    [[nodiscard]] QTreeWidget *list() const { return m_list; }
    //! The Sign Out button of row `row` (null for this window's own session).
    [[nodiscard]] QPushButton *signOutButton(int row) const;
    [[nodiscard]] QPushButton *signOutOthersButton() const { return m_signOutOthers; }
    //! "Loading…", or what went wrong; empty otherwise.
    [[nodiscard]] QString statusText() const;

    //! Asks the server for the list again (what showing the dialog does).
    void reload();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showSessions(const QList<SessionInfo> &sessions);
    void setBusy(const QString &status);

    client::SessionsController &m_sessions;
    QTreeWidget *m_list;
    QLabel *m_status;
    QPushButton *m_signOutOthers;
};

} // namespace chat::ui
