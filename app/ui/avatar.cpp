#include "avatar.h"

#include <ui/statuscolours.h>

#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace chat::ui {

namespace {
//! Hues far enough apart to tell people apart at a glance: red, orange, amber, green,
//! teal, blue, violet, pink.
constexpr std::array<int, 8> Hues { 0, 25, 45, 130, 180, 210, 262, 320 };

QColor colorAt(quint64 slot)
{
    // Saturated and mid-light, as avatars have always been here: white initials show on
    // every hue.
    return QColor::fromHsl(Hues.at(slot % Hues.size()), 140, 120);
}

//! The relative luminance of a colour (WCAG 2): its sRGB channels made linear, weighted.
qreal luminance(const QColor &color)
{
    const auto linear = [](float channel) {
        return channel <= 0.04045f ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = color.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF())
        + 0.0722 * linear(rgb.blueF());
}
} // namespace

QColor personColor(qint64 userId)
{
    // Ids count up from 1, so consecutive ids (the people who joined together) differ.
    return colorAt(quint64(userId < 0 ? -userId : userId));
}

QColor groupColor(const QString &title)
{
    // qHash is seeded per process; a fixed hash (FNV-1a) keeps colours the same every run.
    quint32 hash = 2166136261u;
    for (QChar c : title.toLower())
        hash = (hash ^ c.unicode()) * 16777619u;
    return colorAt(hash);
}

qreal contrastRatio(const QColor &a, const QColor &b)
{
    const qreal first = luminance(a);
    const qreal second = luminance(b);
    return (std::max(first, second) + 0.05) / (std::min(first, second) + 0.05);
}

QColor readableOn(const QColor &color, const QColor &background)
{
    constexpr qreal Wanted = 4.5;
    // Towards black on a light background, towards white on a dark one: whichever end
    // can contrast more, so the loop always ends readable.
    const bool darken
        = contrastRatio(Qt::black, background) >= contrastRatio(Qt::white, background);
    const QColor hsl = color.toHsl();
    float hue = 0;
    float saturation = 0;
    float lightness = 0;
    hsl.getHslF(&hue, &saturation, &lightness);
    QColor candidate = hsl;
    for (int step = 0; step <= 50 && contrastRatio(candidate, background) < Wanted; ++step) {
        lightness = std::clamp(lightness + (darken ? -0.02f : 0.02f), 0.0f, 1.0f);
        candidate = QColor::fromHslF(hue, saturation, lightness);
    }
    return candidate.toRgb();
}

QString avatarInitials(const QString &name)
{
    const QStringList words = name.simplified().split(u' ', Qt::SkipEmptyParts);
    QString initials;
    for (qsizetype i = 0; i < std::min<qsizetype>(words.size(), 2); ++i) {
        // A whole character, even outside the Basic Multilingual Plane (two UTF-16 units).
        const QString &word = words.at(i);
        initials += word.left(word.at(0).isHighSurrogate() ? 2 : 1).toUpper();
    }
    return initials;
}

void paintAvatar(QPainter *painter, const QRect &rect, const QString &name, const QColor &color)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawEllipse(rect);
    const QString initials = avatarInitials(name);
    QFont font = painter->font();
    font.setBold(true);
    // Two letters need a smaller size than one to stay inside the circle.
    font.setPixelSize(rect.height() * (initials.size() > 1 ? 38 : 45) / 100);
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(rect, Qt::AlignCenter, initials);
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
    painter->setBrush(onlineColour(background));
    painter->drawEllipse(dot);
    painter->restore();
}

} // namespace chat::ui
