#include "imageprobe.h"

#include <QHash>

#include <algorithm>

namespace chat::test {

QPalette lightPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    return palette;
}

QPalette darkPalette()
{
    QPalette palette = lightPalette();
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    return palette;
}

bool differs(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue()) > 30;
}

int inkIn(const QImage &image, const QRect &area, const QColor &background)
{
    int ink = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            ink += differs(image.pixelColor(x, y), background) ? 1 : 0;
    }
    return ink;
}

QPair<int, int> inkColumns(const QImage &image, const QRect &area, const QColor &background)
{
    int first = -1;
    int last = -1;
    for (int x = area.left(); x <= area.right(); ++x) {
        if (inkIn(image, QRect(x, area.top(), 1, area.height()), background) > 0) {
            if (first < 0)
                first = x;
            last = x;
        }
    }
    return { first, last };
}

QColor mostColourful(const QImage &image, const QRect &area)
{
    QColor best;
    int bestChroma = -1;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor color = image.pixelColor(x, y);
            const int chroma = std::max({ color.red(), color.green(), color.blue() })
                - std::min({ color.red(), color.green(), color.blue() });
            if (chroma > bestChroma) {
                bestChroma = chroma;
                best = color;
            }
        }
    }
    return best;
}

QColor commonestColour(const QImage &image, const QRect &area, const QColor &except)
{
    QHash<QRgb, int> counts;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            if (pixel != except.rgb())
                ++counts[pixel];
        }
    }
    const auto commonest = std::max_element(counts.cbegin(), counts.cend());
    return commonest == counts.cend() ? except : QColor(commonest.key());
}

int darkestIn(const QImage &image, const QRect &area)
{
    int darkest = 255;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            darkest = std::min(darkest, image.pixelColor(x, y).lightness());
    }
    return darkest;
}

int hueDistance(int a, int b)
{
    const int distance = qAbs(a - b) % 360;
    return std::min(distance, 360 - distance);
}

} // namespace chat::test
