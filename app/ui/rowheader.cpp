#include "rowheader.h"

#include <client/models/messagerowsmodel.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetrics>
#include <QLocale>
#include <QModelIndex>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionViewItem>

#include <cmath>

namespace chat::ui {

using chat::client::MessageRowsModel;

namespace {
struct Words
{
    Q_DECLARE_TR_FUNCTIONS(MessageDelegate)
};

//! Above and below the day's pill, and above the "New messages" line.
constexpr int Gap = 6;
constexpr int PillPadding = 10;
constexpr int PillVerticalPadding = 3;
//! From the list's edges to the rules of the "New messages" line.
constexpr int RuleMargin = 12;
//! Between the words of the "New messages" line and its rules.
constexpr int RuleGap = 8;
} // namespace

QString dayName(const QDate &day, const QDate &today)
{
    if (day == today)
        return Words::tr("Today");
    if (day.daysTo(today) == 1)
        return Words::tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

QString newMessagesText()
{
    return Words::tr("New messages");
}

QString fullTimeText(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    return Words::tr("%1, %2").arg(QLocale().toString(local.date(), QLocale::LongFormat),
        QLocale().toString(local.time(), QLocale::LongFormat));
}

TimelineMarks TimelineMarks::of(const QModelIndex &index)
{
    TimelineMarks marks;
    if (index.data(MessageRowsModel::StartsDayRole).toBool()) {
        const QDateTime time = index.data(MessageRowsModel::CreatedAtRole).toDateTime();
        marks.day = dayName(time.toLocalTime().date(), QDate::currentDate());
    }
    marks.newMessages = index.data(MessageRowsModel::FirstUnreadRole).toBool();
    return marks;
}

QFont RowHeader::font(const QFont &base)
{
    QFont font = base;
    if (base.pointSizeF() > 0)
        font.setPointSizeF(base.pointSizeF() * 0.85);
    else
        font.setPixelSize(std::max(1, int(std::lround(base.pixelSize() * 0.85))));
    font.setBold(true);
    return font;
}

RowHeader::RowHeader(const TimelineMarks &marks, const QFont &font, int width, int top)
    : m_marks(marks)
{
    const QFontMetrics metrics(RowHeader::font(font));
    int y = top;
    if (!marks.day.isEmpty()) {
        const int textWidth = metrics.horizontalAdvance(marks.day);
        // A pixel or two to spare: painting may measure the words a little wider.
        const int pillWidth = std::min(width - 2 * RuleMargin, textWidth + 2 * PillPadding + 2);
        const int pillHeight = metrics.height() + 2 * PillVerticalPadding;
        y += Gap;
        m_day = QRect((width - pillWidth) / 2, y, pillWidth, pillHeight);
        y += pillHeight + Gap;
    }
    if (marks.newMessages) {
        y += Gap;
        m_newMessages = QRect(RuleMargin, y, std::max(0, width - 2 * RuleMargin), metrics.height());
        y += metrics.height();
    }
    m_height = y - top;
}

void RowHeader::paint(QPainter *painter, const QStyleOptionViewItem &option) const
{
    if (m_height == 0)
        return;
    painter->save();
    painter->setFont(font(option.font));
    const QPalette &palette = option.palette;
    if (!m_day.isEmpty()) {
        // A muted pill, like Telegram's date bubbles, readable in light and dark palettes.
        QColor fill = palette.color(QPalette::Text);
        fill.setAlphaF(0.08f);
        QPainterPath pill;
        pill.addRoundedRect(QRectF(m_day), m_day.height() / 2.0, m_day.height() / 2.0);
        painter->fillPath(pill, fill);
        QColor text = palette.color(QPalette::Text);
        text.setAlphaF(0.7f);
        painter->setPen(text);
        painter->drawText(m_day, Qt::AlignCenter,
            painter->fontMetrics().elidedText(
                m_marks.day, Qt::ElideRight, m_day.width() - 2 * PillPadding + 2));
    }
    if (!m_newMessages.isEmpty()) {
        // The words in the accent colour between two rules of it.
        const QColor accent = palette.color(QPalette::Highlight);
        const QString words = newMessagesText();
        const int wordsWidth = painter->fontMetrics().horizontalAdvance(words);
        const QRect text(m_newMessages.center().x() - wordsWidth / 2, m_newMessages.top(),
            wordsWidth, m_newMessages.height());
        painter->setPen(accent);
        painter->drawText(text, Qt::AlignCenter, words);
        QColor rule = accent;
        rule.setAlphaF(0.6f);
        painter->setPen(QPen(rule, 1));
        const qreal y = m_newMessages.center().y() + 0.5;
        painter->drawLine(QPointF(m_newMessages.left(), y), QPointF(text.left() - RuleGap, y));
        painter->drawLine(QPointF(text.right() + RuleGap, y), QPointF(m_newMessages.right(), y));
    }
    painter->restore();
}

} // namespace chat::ui
