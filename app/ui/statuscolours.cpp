#include "statuscolours.h"

#include <QPalette>

namespace chat::ui {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

// Material red 800 / 300 and green 600 / 400: the darker for a light base, the lighter for
// a dark one, both above WCAG's 4.5:1 for text on their base.
QColor errorColour(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xe5, 0x73, 0x73) : QColor(0xc6, 0x28, 0x28);
}

QColor onlineColour(const QColor &background)
{
    return background.lightnessF() < 0.5 ? QColor(0x66, 0xbb, 0x6a) : QColor(0x43, 0xa0, 0x47);
}

} // namespace chat::ui
