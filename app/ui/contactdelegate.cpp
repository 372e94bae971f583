#include "contactdelegate.h"

#include "avatar.h"
#include "contactlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::ContactListModel;

namespace {
constexpr int Padding = 8;
constexpr int AvatarSize = 40;
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

QSize ContactDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return { option.rect.width(), AvatarSize + 2 * Padding };
}

void ContactDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const QString name = index.data(ContactListModel::UsernameRole).toString();
    const QString last = index.data(ContactListModel::LastMessageRole).toString();
    const bool lastIsOwn = index.data(ContactListModel::LastMessageIsOwnRole).toBool();
    const QString time
        = shortTimestamp(index.data(ContactListModel::LastMessageTimeRole).toDateTime(),
            QDateTime::currentDateTimeUtc());

    const QRect rect = option.rect.adjusted(Padding, Padding, -Padding, -Padding);
    paintAvatar(painter, QRect(rect.left(), rect.top(), AvatarSize, AvatarSize), name);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    QColor secondary = option.palette.color(textRole);
    secondary.setAlphaF(selected ? 0.85f : 0.6f);

    const QRect text(rect.left() + AvatarSize + Padding, rect.top(),
        rect.width() - AvatarSize - Padding, rect.height());
    painter->save();
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

    QString preview = last.section(u'\n', 0, 0).simplified();
    if (preview.isEmpty())
        preview = tr("No messages yet");
    else if (lastIsOwn)
        preview = tr("You: %1").arg(preview);
    painter->setFont(smallFont);
    painter->setPen(secondary);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignBottom,
        QFontMetrics(smallFont).elidedText(preview, Qt::ElideRight, text.width()));
    painter->restore();
}

} // namespace chat::ui
