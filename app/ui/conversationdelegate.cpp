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

QFont smallFont(const QFont &base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.9);
    return font;
}

QFont badgeFont(const QFont &base)
{
    QFont font = smallFont(base);
    font.setBold(true);
    return font;
}

//! What a row shows, read once from the model's roles.
struct RowContent
{
    QString title;
    QString time;
    QString badge;
    bool muted = false;

    static RowContent of(const QModelIndex &index)
    {
        return { .title = index.data(ConversationListModel::TitleRole).toString(),
            .time
            = shortTimestamp(index.data(ConversationListModel::LastMessageTimeRole).toDateTime(),
                QDateTime::currentDateTimeUtc()),
            .badge = unreadBadgeText(index.data(ConversationListModel::UnreadCountRole).toInt()),
            .muted = index.data(ConversationListModel::MutedRole).toBool() };
    }
};

ConversationRowLayout layOut(const QStyleOptionViewItem &option, const RowContent &content)
{
    ConversationRowLayout layout;
    const QRect rect = option.rect.adjusted(Padding, Padding, -Padding, -Padding);
    layout.avatar = QRect(rect.left(), rect.top(), AvatarSize, AvatarSize);
    const QRect text(rect.left() + AvatarSize + Padding, rect.top(),
        rect.width() - AvatarSize - Padding, rect.height());

    const QFontMetrics small(smallFont(option.font));
    const int timeWidth = small.horizontalAdvance(content.time);
    layout.time = QRect(text.right() + 1 - timeWidth, text.top(), timeWidth, small.height());
    int titleRight = layout.time.left() - Padding;
    if (content.muted) {
        // A bell as tall as a capital, centred on the time's line.
        const int size = std::max(8, small.capHeight() * 13 / 10);
        const int right = content.time.isEmpty() ? text.right() + 1 : layout.time.left() - 4;
        layout.mutedMark = QRect(
            right - size, layout.time.top() + (layout.time.height() - size) / 2, size, size);
        titleRight = layout.mutedMark.left() - Padding;
    }
    layout.title = QRect(text.left(), text.top(), titleRight - text.left(), text.height());

    int previewRight = text.right();
    if (!content.badge.isEmpty()) {
        // A rounded pill with the count, under the time.
        const QFontMetrics metrics(badgeFont(option.font));
        const int height = metrics.height() + 2;
        const int width
            = std::max(height, metrics.horizontalAdvance(content.badge) + height / 2 + 4);
        layout.badge = QRect(text.right() + 1 - width, text.bottom() + 1 - height, width, height);
        previewRight = layout.badge.left() - Padding;
    }
    layout.preview = QRect(text.left(), text.top(), previewRight - text.left() + 1, text.height());
    return layout;
}

//! A bell struck through: "muted", drawn rather than typed (fonts' 🔕 vary from absent
//! to a colour emoji). The stroke is cut out with `background` so it reads at 12 px.
void paintMutedBell(
    QPainter *painter, const QRectF &box, const QColor &color, const QColor &background)
{
    const qreal w = box.width();
    const qreal h = box.height();
    const auto at = [&box, w, h](qreal x, qreal y) {
        return box.topLeft() + QPointF(x * w, y * h);
    };
    QPainterPath bell;
    bell.moveTo(at(0.5, 0.05));
    bell.cubicTo(at(0.28, 0.05), at(0.2, 0.25), at(0.2, 0.45));
    bell.lineTo(at(0.2, 0.68));
    bell.lineTo(at(0.06, 0.82));
    bell.lineTo(at(0.94, 0.82));
    bell.lineTo(at(0.8, 0.68));
    bell.lineTo(at(0.8, 0.45));
    bell.cubicTo(at(0.8, 0.25), at(0.72, 0.05), at(0.5, 0.05));
    bell.addEllipse(QRectF(at(0.39, 0.84), QSizeF(0.22 * w, 0.16 * h)));
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->fillPath(bell, color);
    const QLineF slash(at(0.08, 0.02), at(0.92, 0.98));
    painter->setPen(QPen(background, std::max(2.5, w / 5), Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(slash);
    painter->setPen(QPen(color, std::max(1.2, w / 10), Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(slash);
    painter->restore();
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
    // What the user left unsent matters more to them than the last message (Telegram).
    const QString draft
        = index.data(ConversationListModel::DraftRole).toString().section(u'\n', 0, 0).simplified();
    if (!draft.isEmpty())
        return ConversationDelegate::tr("Draft: %1").arg(draft);
    const QString preview = index.data(ConversationListModel::LastMessageRole)
                                .toString()
                                .section(u'\n', 0, 0)
                                .simplified();
    if (preview.isEmpty())
        return ConversationDelegate::tr("No messages yet");
    // A change of the conversation is a sentence that already names who made it.
    if (index.data(ConversationListModel::LastMessageIsSystemRole).toBool())
        return preview;
    if (index.data(ConversationListModel::LastMessageIsOwnRole).toBool())
        return ConversationDelegate::tr("You: %1").arg(preview);
    const QString sender = index.data(ConversationListModel::LastSenderRole).toString();
    if (index.data(ConversationListModel::IsGroupRole).toBool() && !sender.isEmpty())
        return ConversationDelegate::tr("%1: %2").arg(sender, preview);
    return preview;
}

QString unreadBadgeText(int count)
{
    if (count <= 0)
        return {};
    return count > 999 ? u"999+"_s : QString::number(count);
}

ConversationRowLayout ConversationDelegate::layout(
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    return layOut(option, RowContent::of(index));
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

    const RowContent content = RowContent::of(index);
    const ConversationRowLayout geometry = layOut(option, content);
    const bool typing = index.data(ConversationListModel::TypingRole).toBool();
    const bool online = index.data(ConversationListModel::OnlineRole).toBool();
    const bool group = index.data(ConversationListModel::IsGroupRole).toBool();
    // Left or removed: still there to read, but no longer a place to talk.
    const bool active = index.data(ConversationListModel::ActiveRole).toBool();

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    const QColor rowBackground
        = option.palette.color(selected ? QPalette::Highlight : QPalette::Base);
    // The accent on a selected row (which is the accent) is the highlighted text colour.
    const QColor accent
        = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Highlight);
    QColor secondary = option.palette.color(textRole);
    secondary.setAlphaF(selected ? 0.85f : 0.6f);
    QColor primary = option.palette.color(textRole);
    if (!active)
        primary = secondary;

    painter->save();
    if (!active)
        painter->setOpacity(0.5);
    const QColor avatarColor = group
        ? groupColor(content.title)
        : personColor(index.data(ConversationListModel::PeerIdRole).toLongLong());
    paintAvatar(painter, geometry.avatar, content.title, avatarColor);
    painter->restore();
    if (online)
        paintOnlineDot(painter, geometry.avatar, rowBackground);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    const QFont small = smallFont(option.font);
    painter->setFont(small);
    painter->setPen(secondary);
    painter->drawText(geometry.time, Qt::AlignRight | Qt::AlignTop, content.time);
    if (!geometry.mutedMark.isEmpty())
        paintMutedBell(painter, geometry.mutedMark, secondary, rowBackground);

    QFont nameFont = option.font;
    nameFont.setBold(true);
    painter->setFont(nameFont);
    painter->setPen(primary);
    painter->drawText(geometry.title, Qt::AlignLeft | Qt::AlignTop,
        QFontMetrics(nameFont).elidedText(content.title, Qt::ElideRight, geometry.title.width()));

    if (!geometry.badge.isEmpty()) {
        // Muted: grey, so that it does not call for attention (nor count in the total).
        const QRect &pill = geometry.badge;
        QPainterPath path;
        path.addRoundedRect(QRectF(pill), pill.height() / 2.0, pill.height() / 2.0);
        painter->fillPath(path, content.muted ? secondary : accent);
        painter->setFont(badgeFont(option.font));
        painter->setPen(rowBackground);
        painter->drawText(pill, Qt::AlignCenter, content.badge);
    }

    QFont previewFont = small;
    previewFont.setItalic(typing);
    painter->setFont(previewFont);
    painter->setPen(typing ? accent : secondary);
    painter->drawText(geometry.preview, Qt::AlignLeft | Qt::AlignBottom,
        QFontMetrics(previewFont)
            .elidedText(conversationPreviewText(index), Qt::ElideRight, geometry.preview.width()));
    painter->restore();
}

} // namespace chat::ui
