#pragma once

#include <QColor>
#include <QIcon>

namespace chat::desktop {

//! The app's icon with a count painted on it (the unread messages, in the tray): a red
//! disc at the bottom right with the number in white, "99+" past 99; the icon as it is
//! for 0.
[[nodiscard]] QIcon iconWithBadge(const QIcon &icon, int count);
//! One size of it.
[[nodiscard]] QPixmap pixmapWithBadge(const QIcon &icon, int count, int size);
//! The colour of the disc.
[[nodiscard]] QColor badgeColor();
//! The text on the disc ("" for 0).
[[nodiscard]] QString badgeText(int count);

} // namespace chat::desktop
