#pragma once

#include <QColor>
#include <QString>

class QPainter;
class QRect;

namespace chat::ui {

//! A person's colour: their avatar's, and their name's above their messages in a group.
//! Chosen from a small set of distinct hues by user id (as Telegram does), so it is the
//! same on every machine and in every session, and people with neighbouring ids differ.
[[nodiscard]] QColor personColor(qint64 userId);
//! A group's avatar colour, from its title (a group has no person behind it).
[[nodiscard]] QColor groupColor(const QString &title);
//! `color`'s hue made light or dark enough to read as text on `background` (a contrast
//! ratio of at least 4.5, WCAG AA), so a sender's name keeps their colour in a light and
//! in a dark palette alike.
[[nodiscard]] QColor readableOn(const QColor &color, const QColor &background);
//! The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white).
[[nodiscard]] qreal contrastRatio(const QColor &a, const QColor &b);
//! The letters an avatar shows: the first letters of the first two words ("Release 42"
//! gives "R4"), or the first letter of a single word (a username: "alice" gives "A").
[[nodiscard]] QString avatarInitials(const QString &name);
//! Paints a round avatar in `color` with the name's initials.
void paintAvatar(QPainter *painter, const QRect &rect, const QString &name, const QColor &color);
//! Paints the green "online" dot at the lower right of an avatar, ringed in the colour
//! of what is behind it.
void paintOnlineDot(QPainter *painter, const QRect &avatar, const QColor &background);

} // namespace chat::ui
