#pragma once

#include <desktop/desktopnotifier.h>

#include <QList>
#include <QStringList>

namespace chat::test {

//! A DesktopNotifier that shows nothing and records what it was asked, for the tests of
//! what the app notifies; a test plays the user with activate() and dismiss().
class RecordingNotifier : public desktop::DesktopNotifier
{
    Q_OBJECT
public:
    using DesktopNotifier::DesktopNotifier;

    void show(const desktop::Notification &notification) override;
    void close(const QString &key) override;

    //! Every show(), in order.
    QList<desktop::Notification> shown;
    //! Every close(), in order.
    QStringList closed;

    //! What the desktop would show now: the last of each key shown and not closed since,
    //! in the order they appeared.
    [[nodiscard]] QList<desktop::Notification> visible() const { return m_visible; }
    //! The user clicks the notification with `key` (it must be visible).
    void activate(const QString &key);
    //! The user dismisses the notification with `key`.
    void dismiss(const QString &key);

private:
    void remove(const QString &key);

    QList<desktop::Notification> m_visible;
};

} // namespace chat::test
