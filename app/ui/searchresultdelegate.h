#pragma once

#include <QStyledItemDelegate>
#include <QTextLayout>

namespace chat::ui {

//! Where the parts of one search result go.
struct SearchResultLayout
{
    QRect avatar;
    QRect title; //!< What the conversation's title may cover (it is elided to fit).
    QRect time;
    QRect snippet; //!< Up to two lines of the snippet.
};

//! The snippet line of a result as it is drawn: who wrote it ("You: ", or "bob: " in a
//! group), then the words around the match; `formats` set the matched words apart.
struct SnippetLine
{
    QString text;
    QList<QTextLayout::FormatRange> formats;
};

//! A message found by a search (a SearchResultsModel row), as in Telegram's results: the
//! sender's avatar, the conversation's title, when it was written, and up to two lines of
//! the snippet with the matched words in bold on a tint of the accent colour.
class SearchResultDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(
        const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    //! The geometry of row `index` painted at `option.rect`.
    [[nodiscard]] static SearchResultLayout layout(const QStyleOptionViewItem &option);
};

//! The snippet line of row `index`, its formats for `palette` (`selected`: on the
//! selection's colour).
[[nodiscard]] SnippetLine snippetLine(
    const QModelIndex &index, const QPalette &palette, bool selected = false);
//! The tint behind a matched word: the accent colour, light enough for text on it.
[[nodiscard]] QColor matchBackground(const QPalette &palette);

} // namespace chat::ui
