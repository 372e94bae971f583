#include "conversationdelegate.h"

#include <client/models/conversationlistmodel.h>
#include <ui/avatar.h>

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::ConversationListModel;

namespace {
constexpr int Padding = 8;
constexpr int AvatarSize = 40;
constexpr int PresenceDot = 12;

//! The colour of "online" (the dot on the avatar), as most chat apps show it.
QColor onlineColor()
{
    return { 0x3b, 0xb5, 0x4a };
}
} // namespace

QString shortTimestamp(const QDateTime &utc, const QDateTime &now)
{
    if (!utc.isValid())
        return {};
    const QDateTime local = utc.toLocalTime();
    const QDate today = now.toLocalTime().date();
    if (local.date() == today)
        return QLocale().toString(local.time(), QLocale::ShortFormat);
    if (local.date().daysTo(today) < 7)
        return QLocale().dayName(local.date().dayOfWeek(), QLocale::ShortFormat);
    return QLocale().toString(local.date(), u"d MMM"_s);
}

QString conversationPreviewText(const QModelIndex &index)
{
    if (index.data(ConversationListModel::TypingRole).toBool())
        return ConversationDelegate::tr("typing…");
    const QString preview = index.data(ConversationListModel::LastMessageRole)
                                .toString()
                                .section(u'\n', 0, 0)
                                .simplified();
    if (preview.isEmpty())
        return ConversationDelegate::tr("No messages yet");
    if (index.data(ConversationListModel::LastMessageIsOwnRole).toBool())
        return ConversationDelegate::tr("You: %1").arg(preview);
    return preview;
}

QString unreadBadgeText(int count)
{
    if (count <= 0)
        return {};
    return count > 999 ? u"999+"_s : QString::number(count);
}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return { option.rect.width(), AvatarSize + 2 * Padding };
}

void ConversationDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const QString name = index.data(ConversationListModel::TitleRole).toString();
    const bool typing = index.data(ConversationListModel::TypingRole).toBool();
    const bool online = index.data(ConversationListModel::OnlineRole).toBool();
    const QString badge
        = unreadBadgeText(index.data(ConversationListModel::UnreadCountRole).toInt());
    const QString time
        = shortTimestamp(index.data(ConversationListModel::LastMessageTimeRole).toDateTime(),
            QDateTime::currentDateTimeUtc());

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    const QColor rowBackground
        = option.palette.color(selected ? QPalette::Highlight : QPalette::Base);
    // The accent on a selected row (which is the accent) is the highlighted text colour.
    const QColor accent
        = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight);
    QColor secondary = option.palette.color(textRole);
    secondary.setAlphaF(selected ? 0.85f : 0.6f);

    const QRect rect = option.rect.adjusted(Padding, Padding, -Padding, -Padding);
    const QRect avatar(rect.left(), rect.top(), AvatarSize, AvatarSize);
    paintAvatar(painter, avatar, name);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (online) {
        // A green dot at the avatar's lower right, ringed in the row's background.
        const QRectF dot(avatar.right() + 1 - PresenceDot + 1,
            avatar.bottom() + 1 - PresenceDot + 1, PresenceDot, PresenceDot);
        painter->setPen(QPen(rowBackground, 2));
        painter->setBrush(onlineColor());
        painter->drawEllipse(dot);
    }

    const QRect text(rect.left() + AvatarSize + Padding, rect.top(),
        rect.width() - AvatarSize - Padding, rect.height());
    QFont nameFont = option.font;
    nameFont.setBold(true);
    QFont smallFont = option.font;
    smallFont.setPointSizeF(option.font.pointSizeF() * 0.9);
    const int timeWidth = QFontMetrics(smallFont).horizontalAdvance(time);

    painter->setFont(smallFont);
    painter->setPen(secondary);
    painter->drawText(text, Qt::AlignRight | Qt::AlignTop, time);

    painter->setFont(nameFont);
    painter->setPen(option.palette.color(textRole));
    const QRect nameRect = text.adjusted(0, 0, -(timeWidth + Padding), 0);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignTop,
        QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, nameRect.width()));

    int previewRight = text.right();
    if (!badge.isEmpty()) {
        // A rounded pill with the count, under the time.
        QFont badgeFont = smallFont;
        badgeFont.setBold(true);
        const QFontMetrics metrics(badgeFont);
        const int height = metrics.height() + 2;
        const int width = std::max(height, metrics.horizontalAdvance(badge) + height / 2 + 4);
        const QRect pill(text.right() + 1 - width, text.bottom() + 1 - height, width, height);
        QPainterPath path;
        path.addRoundedRect(QRectF(pill), height / 2.0, height / 2.0);
        painter->fillPath(path, accent);
        painter->setFont(badgeFont);
        painter->setPen(rowBackground);
        painter->drawText(pill, Qt::AlignCenter, badge);
        previewRight = pill.left() - Padding;
    }

    QFont previewFont = smallFont;
    previewFont.setItalic(typing);
    const QRect previewRect(text.left(), text.top(), previewRight - text.left() + 1, text.height());
    painter->setFont(previewFont);
    painter->setPen(typing ? accent : secondary);
    painter->drawText(previewRect, Qt::AlignLeft | Qt::AlignBottom,
        QFontMetrics(previewFont)
            .elidedText(conversationPreviewText(index), Qt::ElideRight, previewRect.width()));
    painter->restore();
}

} // namespace chat::ui
