#pragma once

#include <QObject>
#include <QTimer>

class QDateTime;

namespace chat::ui {

//! Says when the local day changes, so that what is named after it ("Today" above
//! today's messages) can be named again: a timer set for just after the next local
//! midnight, set again each time (and whenever asked, say after the machine slept).
class DayClock : public QObject
{
    Q_OBJECT
public:
    explicit DayClock(QObject *parent = nullptr);

    //! How long from `now` until just after the next local midnight, in milliseconds.
    [[nodiscard]] static qint64 msecsUntilNextDay(const QDateTime &now);
    //! Sets the timer again from the current time.
    void restart();

Q_SIGNALS:
    void dayChanged();

private:
    QTimer m_timer;
};

} // namespace chat::ui
