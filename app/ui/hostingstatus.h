#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace chat::client {
class ChatSession;
}
namespace chat::host {
class LocalServerHost;
}

namespace chat::ui {

//! The status bar's part about the server this app hosts: where others can join (the
//! machine's LAN addresses, in the tooltip all of them), how many are connected, and a
//! button that copies the invitation link. Hidden while nothing is hosted.
//!
//! It also asks, before the window stops the server, whether to disconnect the others
//! (confirmStop()).
class HostingStatus : public QWidget
{
    Q_OBJECT
public:
    //! Both must outlive the widget.
    HostingStatus(
        host::LocalServerHost &host, client::ChatSession &session, QWidget *parent = nullptr);

    //! Clients connected to the hosted server other than this app's own.
    [[nodiscard]] int othersConnected() const;
    //! Puts the invitation link on the clipboard; false when nothing is hosted.
    bool copyInvitation();
    //! Before the hosted server stops with the app: true when nobody else is connected,
    //! else what the user answers to "N people are connected…" (window-modal on `parent`).
    [[nodiscard]] bool confirmStop(QWidget *parent);

    [[nodiscard]] QString text() const;
    [[nodiscard]] QToolButton *copyButton() const { return m_copy; }

private:
    //! Shows what the host and the session say now.
    void refresh();

    host::LocalServerHost &m_host;
    client::ChatSession &m_session;
    QLabel *m_label;
    QToolButton *m_copy;
};

} // namespace chat::ui
