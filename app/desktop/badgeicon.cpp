#include "badgeicon.h"

#include <QPainter>
#include <QPainterPath>

namespace chat::desktop {

using namespace Qt::StringLiterals;

QColor badgeColor()
{
    return QColor(0xd9, 0x30, 0x25);
}

QString badgeText(int count)
{
    if (count <= 0)
        return {};
    return count > 99 ? u"99+"_s : QString::number(count);
}

QPixmap pixmapWithBadge(const QIcon &icon, int count, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    icon.paint(&painter, pixmap.rect());
    const QString text = badgeText(count);
    if (text.isEmpty())
        return pixmap;
    // Big enough to read at 16 px; a longer number stretches the disc into a pill.
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(std::max(7, size * 9 / 20));
    painter.setFont(font);
    const qreal height = size * 0.56;
    const qreal width = std::max(height, QFontMetricsF(font).horizontalAdvance(text) + size * 0.16);
    const QRectF disc(size - width, size - height, width, height);
    QPainterPath path;
    path.addRoundedRect(disc, height / 2, height / 2);
    painter.fillPath(path, badgeColor());
    painter.setPen(Qt::white);
    painter.drawText(disc, Qt::AlignCenter, text);
    return pixmap;
}

QIcon iconWithBadge(const QIcon &icon, int count)
{
    if (count <= 0)
        return icon;
    QIcon badged;
    for (const int size : { 16, 22, 24, 32, 48, 64 })
        badged.addPixmap(pixmapWithBadge(icon, count, size));
    return badged;
}

} // namespace chat::desktop
