#pragma once

#include <QColor>
#include <QString>

class QPainter;
class QRect;

namespace chat::ui {

//! A stable colour per username, so a person keeps their colour across sessions.
[[nodiscard]] QColor avatarColor(const QString &username);
//! Paints a round avatar with the name's first letter.
void paintAvatar(QPainter *painter, const QRect &rect, const QString &username);
//! Paints the green "online" dot at the lower right of an avatar, ringed in the colour
//! of what is behind it.
void paintOnlineDot(QPainter *painter, const QRect &avatar, const QColor &background);

} // namespace chat::ui
