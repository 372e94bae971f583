#pragma once

#include <QObject>
#include <QTimer>

class QListView;

namespace chat::client {
class MessageListModel;
class ReadMarker;
} // namespace chat::client

namespace chat::ui {

//! Tells the client what the message list shows (ReadMarker::setShown), so that only
//! messages that were on screen count as read: the newest stored message at least half
//! of which is in the viewport (or that fills most of it), and whether the list is at its
//! bottom. It reports once per event-loop turn after anything that moves the rows
//! (scrolling, a resize, rows in or out), with the list laid out first, so that a row is
//! never reported from where it was before a change. Whether the window is active is the
//! ReadMarker's to know (OpenConversation::setVisible).
class SeenReporter : public QObject
{
    Q_OBJECT
public:
    //! All three must outlive the reporter.
    SeenReporter(QListView *list, client::MessageListModel *messages, client::ReadMarker *marker);

    //! Reports what shows now.
    void report();
    //! The newest stored message that shows now (0: none); what report() says.
    [[nodiscard]] qint64 newestShownId() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void schedule();

    QListView *m_list;
    //! The list's viewport, kept to recognise its events: they also come while the list
    //! is being destroyed (its children hide), when asking m_list for it is no longer valid.
    QObject *m_viewport;
    client::MessageListModel *m_messages;
    client::ReadMarker *m_marker;
    QTimer m_pending;
    //! Rows went in or out since the list was last laid out by us.
    bool m_rowsChanged = false;
};

} // namespace chat::ui
