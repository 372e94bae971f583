#pragma once

#include <QColor>

class QPalette;

namespace chat::ui {

// Colours that mean something (an error, "online") and that the palette has no role for.
// Each is picked for the palette it is drawn on, so it stays readable on a dark theme as
// on a light one: a fixed red that reads on white disappears into a dark grey.

//! Whether `palette` is a dark theme (its base, where text sits, is dark).
[[nodiscard]] bool isDark(const QPalette &palette);
//! Text saying something failed or is over a limit.
[[nodiscard]] QColor errorColour(const QPalette &palette);
//! The dot on an avatar of someone online, drawn on `background`.
[[nodiscard]] QColor onlineColour(const QColor &background);

} // namespace chat::ui
