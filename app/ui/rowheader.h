#pragma once

#include <QDate>
#include <QRect>
#include <QString>

class QDateTime;
class QFont;
class QModelIndex;
class QPainter;
class QStyleOptionViewItem;

namespace chat::ui {

//! What the timeline shows above a message, read from the model's roles: the name of its
//! day when it is the first of one (StartsDayRole), and the "New messages" line above
//! the first message unread when the conversation opened (FirstUnreadRole).
struct TimelineMarks
{
    QString day; //!< "Today", "Yesterday", or the date; empty when the day goes on.
    bool newMessages = false;

    [[nodiscard]] static TimelineMarks of(const QModelIndex &index);
    [[nodiscard]] bool isEmpty() const { return day.isEmpty() && !newMessages; }
};

//! Where the marks above a message row go, within the row: the day's name centred in a
//! rounded pill, then the "New messages" line across the list. MessageLayout places the
//! rest of the row below height(); MessageDelegate paints them with paint().
class RowHeader
{
public:
    RowHeader() = default;
    RowHeader(const TimelineMarks &marks, const QFont &font, int width, int top);

    //! How much of the row they take (0 for none).
    [[nodiscard]] int height() const { return m_height; }
    //! The pill with the day's name; empty when the day goes on.
    [[nodiscard]] QRect day() const { return m_day; }
    //! The "New messages" line (its words and the rules either side); empty if none.
    [[nodiscard]] QRect newMessages() const { return m_newMessages; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option) const;

    [[nodiscard]] static QFont font(const QFont &base);

private:
    TimelineMarks m_marks;
    int m_height = 0;
    QRect m_day;
    QRect m_newMessages;
};

//! The name of `day` in a day separator, seen on `today`: "Today", "Yesterday", else the
//! date in the locale's long format.
[[nodiscard]] QString dayName(const QDate &day, const QDate &today);
//! The words of the "New messages" line.
[[nodiscard]] QString newMessagesText();
//! A message's time in full, for hovering it: the date and the time with seconds, local.
[[nodiscard]] QString fullTimeText(const QDateTime &time);

} // namespace chat::ui
