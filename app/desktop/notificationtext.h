#pragma once

#include <QString>

namespace chat::desktop {

//! The words of a message notification, apart from deciding when to show one.

//! The first line of a message that holds text, trimmed, and cut with "…" past
//! `maxLength` characters (a notification shows a line, not a letter).
[[nodiscard]] QString firstLine(const QString &body, int maxLength = 120);
//! "bob" in a direct conversation, "bob in Release 42" in a group (`groupTitle` not empty).
[[nodiscard]] QString notificationTitle(const QString &sender, const QString &groupTitle);
//! What a notification of `count` unread messages says: the newest one's first line
//! (`latestLine`), under "3 new messages" once there are several; only "New message" or
//! "3 new messages" when the text is hidden.
[[nodiscard]] QString notificationBody(int count, const QString &latestLine, bool hideText);
//! The one notification for what came in while offline, over several conversations.
[[nodiscard]] QString catchUpBody(int messages, int conversations);

} // namespace chat::desktop
