#include "avatar.h"

#include <QPainter>
#include <QPainterPath>

namespace chat::ui {

QColor avatarColor(const QString &username)
{
    // qHash is seeded per process; a fixed hash keeps colours the same every run.
    quint32 hash = 2166136261u;
    for (QChar c : username.toLower())
        hash = (hash ^ c.unicode()) * 16777619u;
    return QColor::fromHsl(int(hash % 360), 140, 120);
}

void paintAvatar(QPainter *painter, const QRect &rect, const QString &username)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(avatarColor(username));
    painter->drawEllipse(rect);
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(rect.height() * 45 / 100);
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(rect, Qt::AlignCenter, username.left(1).toUpper());
    painter->restore();
}

void paintOnlineDot(QPainter *painter, const QRect &avatar, const QColor &background)
{
    // About a third of the avatar, as most chat apps show it.
    const qreal size = std::max(8, avatar.height() * 3 / 10);
    const QRectF dot(avatar.right() + 1 - size + 1, avatar.bottom() + 1 - size + 1, size, size);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(background, 2));
    painter->setBrush(QColor(0x3b, 0xb5, 0x4a));
    painter->drawEllipse(dot);
    painter->restore();
}

} // namespace chat::ui
