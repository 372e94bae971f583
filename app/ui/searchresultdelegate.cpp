#include "searchresultdelegate.h"

#include <client/search/searchresultsmodel.h>
#include <ui/avatar.h>
#include <ui/conversationdelegate.h>

#include <QApplication>
#include <QPainter>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::SearchResultsModel;

namespace {
constexpr int Padding = 8;
constexpr int AvatarSize = 36;
constexpr int SnippetLines = 2;

QFont smallFont(const QFont &base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.9);
    return font;
}

QFont titleFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

} // namespace

QColor matchBackground(const QPalette &palette)
{
    QColor tint = palette.color(QPalette::Highlight);
    tint.setAlphaF(0.3f);
    return tint;
}

SnippetLine snippetLine(const QModelIndex &index, const QPalette &palette, bool selected)
{
    SnippetLine line;
    if (index.data(SearchResultsModel::IsOwnRole).toBool())
        line.text = SearchResultDelegate::tr("You: ");
    else if (index.data(SearchResultsModel::InGroupRole).toBool())
        line.text = SearchResultDelegate::tr("%1: ").arg(
            index.data(SearchResultsModel::SenderNameRole).toString());
    QColor secondary = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    secondary.setAlphaF(selected ? 0.85f : 0.6f);
    if (!line.text.isEmpty()) {
        QTextCharFormat who;
        who.setForeground(secondary);
        line.formats.append({ 0, int(line.text.size()), who });
    }
    const auto parts
        = index.data(SearchResultsModel::SnippetPartsRole).value<QList<chat::SnippetPart>>();
    for (const chat::SnippetPart &part : parts) {
        if (part.match) {
            QTextCharFormat match;
            match.setFontWeight(QFont::Bold);
            match.setBackground(selected ? QColor(255, 255, 255, 70) : matchBackground(palette));
            line.formats.append({ int(line.text.size()), int(part.text.size()), match });
        }
        line.text += part.text;
    }
    // Lines of the message would break the two lines the row has into less.
    line.text.replace(u'\n', u' ');
    return line;
}

SearchResultLayout SearchResultDelegate::layout(const QStyleOptionViewItem &option)
{
    SearchResultLayout layout;
    const QRect rect = option.rect.adjusted(Padding, Padding, -Padding, -Padding);
    layout.avatar = QRect(rect.left(), rect.top(), AvatarSize, AvatarSize);
    const int left = layout.avatar.right() + 1 + Padding;
    const QFontMetrics title(titleFont(option.font));
    const QFontMetrics small(smallFont(option.font));
    // Wide enough for any short time ("14:05", "Mon", "12 Mar").
    const int timeWidth = small.horizontalAdvance(u"00 Mmm."_s);
    layout.time = QRect(rect.right() + 1 - timeWidth, rect.top(), timeWidth, title.height());
    layout.title = QRect(left, rect.top(), layout.time.left() - Padding - left, title.height());
    layout.snippet = QRect(left, layout.title.bottom() + 3, rect.right() + 1 - left,
        SnippetLines * QFontMetrics(option.font).lineSpacing());
    return layout;
}

QSize SearchResultDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int text = QFontMetrics(titleFont(option.font)).height() + 3
        + SnippetLines * QFontMetrics(option.font).lineSpacing();
    return { option.rect.width(), std::max(AvatarSize, text) + 2 * Padding };
}

void SearchResultDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // The style draws the background and the selection; the rest is ours.
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &option, painter, option.widget);

    const SearchResultLayout geometry = layout(option);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QString sender = index.data(SearchResultsModel::SenderNameRole).toString();
    paintAvatar(painter, geometry.avatar, sender,
        personColor(index.data(SearchResultsModel::SenderIdRole).toLongLong()));

    const QFont title = titleFont(option.font);
    painter->setFont(title);
    painter->setPen(option.palette.color(textRole));
    painter->drawText(geometry.title, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(title).elidedText(
            index.data(SearchResultsModel::ConversationTitleRole).toString(), Qt::ElideRight,
            geometry.title.width()));

    QColor secondary = option.palette.color(textRole);
    secondary.setAlphaF(selected ? 0.85f : 0.6f);
    painter->setFont(smallFont(option.font));
    painter->setPen(secondary);
    painter->drawText(geometry.time, Qt::AlignRight | Qt::AlignVCenter,
        shortTimestamp(index.data(SearchResultsModel::CreatedAtRole).toDateTime(),
            QDateTime::currentDateTimeUtc()));

    // Up to two lines of the snippet; the server already cut it around the match ("…").
    const SnippetLine line = snippetLine(index, option.palette, selected);
    QTextLayout text(line.text, option.font);
    text.setFormats(line.formats);
    QTextOption wrap;
    wrap.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    text.setTextOption(wrap);
    text.beginLayout();
    qreal y = 0;
    for (int count = 0; count < SnippetLines; ++count) {
        QTextLine next = text.createLine();
        if (!next.isValid())
            break;
        next.setLineWidth(geometry.snippet.width());
        next.setPosition(QPointF(0, y));
        y += next.height();
    }
    text.endLayout();
    painter->setPen(option.palette.color(textRole));
    painter->setClipRect(geometry.snippet);
    text.draw(painter, geometry.snippet.topLeft());
    painter->restore();
}

} // namespace chat::ui
