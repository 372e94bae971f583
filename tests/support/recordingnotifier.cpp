#include "recordingnotifier.h"

#include <algorithm>

namespace chat::test {

void RecordingNotifier::show(const desktop::Notification &notification)
{
    shown.append(notification);
    const auto same = std::find_if(m_visible.begin(), m_visible.end(),
        [&](const desktop::Notification &visible) { return visible.key == notification.key; });
    if (same != m_visible.end())
        *same = notification; // replaced in place, as a notification service does
    else
        m_visible.append(notification);
}

void RecordingNotifier::close(const QString &key)
{
    closed.append(key);
    remove(key);
}

void RecordingNotifier::remove(const QString &key)
{
    m_visible.removeIf([&](const desktop::Notification &visible) { return visible.key == key; });
}

void RecordingNotifier::activate(const QString &key)
{
    for (const desktop::Notification &notification : std::as_const(m_visible)) {
        if (notification.key == key) {
            const qint64 conversationId = notification.conversationId;
            remove(key); // a clicked notification goes away
            Q_EMIT activated(conversationId);
            return;
        }
    }
}

void RecordingNotifier::dismiss(const QString &key)
{
    remove(key);
    Q_EMIT dismissed(key);
}

} // namespace chat::test
