#pragma once

#include <QColor>
#include <QImage>
#include <QPair>
#include <QPalette>
#include <QRect>

// Looking at what a delegate painted, for the widget tests: fixed light and dark palettes
// (so a test does not depend on the machine's style), and questions about the pixels of
// an area of a grabbed image: where anything was painted, in which colour.
namespace chat::test {

//! White base, black text, a blue accent.
QPalette lightPalette();
//! The same accent on a dark base with light text.
QPalette darkPalette();

//! Whether two colours differ by more than antialiasing noise.
bool differs(const QColor &a, const QColor &b);
//! How many pixels of `area` differ from `background`.
int inkIn(const QImage &image, const QRect &area, const QColor &background);
//! The leftmost and rightmost columns of `area` where anything other than `background`
//! was painted; {-1, -1} when nothing was.
QPair<int, int> inkColumns(const QImage &image, const QRect &area, const QColor &background);
//! The most colourful pixel of `area`: on coloured text, the text's own colour.
QColor mostColourful(const QImage &image, const QRect &area);
//! The commonest colour of `area` other than `except`: a badge's fill, say, whose digits
//! are in the background colour.
QColor commonestColour(const QImage &image, const QRect &area, const QColor &except);
//! The lightness (0 black to 255 white) of the darkest pixel of `area`.
int darkestIn(const QImage &image, const QRect &area);
//! How far apart two hues are on the colour wheel, in degrees (0 to 180).
int hueDistance(int a, int b);

} // namespace chat::test
