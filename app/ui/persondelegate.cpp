#include "persondelegate.h"

#include <ui/avatar.h>

#include <QApplication>
#include <QPainter>

namespace chat::ui {

namespace {
constexpr int Padding = 6;
constexpr int AvatarSize = 32;
} // namespace

PersonDelegate::PersonDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QSize PersonDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return { option.rect.width(), AvatarSize + 2 * Padding };
}

void PersonDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // The style draws the background, selection and check box; the text is ours.
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    item.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, option.widget);
    const QRect check
        = style->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &item, option.widget);
    const int left = (item.features & QStyleOptionViewItem::HasCheckIndicator)
        ? check.right() + Padding
        : option.rect.left() + Padding;

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    const QString name = index.data(Qt::DisplayRole).toString();
    const QRect avatar(left, option.rect.top() + Padding, AvatarSize, AvatarSize);
    const qint64 userId = m_userIdRole >= 0 ? index.data(m_userIdRole).toLongLong() : 0;
    paintAvatar(painter, avatar, name, personColor(userId));
    if (m_onlineRole >= 0 && index.data(m_onlineRole).toBool())
        paintOnlineDot(
            painter, avatar, option.palette.color(selected ? QPalette::Highlight : QPalette::Base));

    const QString detail = m_detail ? m_detail(index) : QString();
    const QRect text(avatar.right() + Padding + 1, avatar.top(),
        option.rect.right() - Padding - avatar.right() - Padding, AvatarSize);
    painter->save();
    QFont nameFont = option.font;
    nameFont.setBold(true);
    painter->setFont(nameFont);
    painter->setPen(option.palette.color(
        (option.state & QStyle::State_Enabled) ? QPalette::Active : QPalette::Disabled, textRole));
    painter->drawText(text, Qt::AlignLeft | (detail.isEmpty() ? Qt::AlignVCenter : Qt::AlignTop),
        QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, text.width()));
    if (!detail.isEmpty()) {
        QFont smallFont = option.font;
        smallFont.setPointSizeF(option.font.pointSizeF() * 0.9);
        QColor secondary = option.palette.color(textRole);
        secondary.setAlphaF(selected ? 0.85f : 0.6f);
        painter->setFont(smallFont);
        painter->setPen(secondary);
        painter->drawText(text, Qt::AlignLeft | Qt::AlignBottom,
            QFontMetrics(smallFont).elidedText(detail, Qt::ElideRight, text.width()));
    }
    painter->restore();
}

} // namespace chat::ui
