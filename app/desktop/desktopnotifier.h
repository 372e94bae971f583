#pragma once

#include <QObject>
#include <QString>

namespace chat::desktop {

//! One notification as the desktop shows it.
struct Notification
{
    //! Its grouping key: showing another notification with the same key replaces this
    //! one in place (a burst in one conversation is one notification, updated).
    QString key;
    QString title;
    QString body;
    //! What activating it opens.
    qint64 conversationId = 0;

    friend bool operator==(const Notification &, const Notification &) = default;
};

//! Where notifications go: the desktop's notification service, the tray's balloon, or a
//! test's recorder. It only shows what it is given; MessageNotifier decides what to show.
class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    //! Shows `notification`, replacing the one shown with the same key, if any.
    virtual void show(const Notification &notification) = 0;
    //! Takes the notification with this key away (its conversation was read).
    virtual void close(const QString &key) = 0;

Q_SIGNALS:
    //! The user clicked a notification (its default action): open its conversation.
    void activated(qint64 conversationId);
    //! The user dismissed the notification with this key without opening it.
    void dismissed(const QString &key);
};

} // namespace chat::desktop
