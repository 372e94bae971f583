#include "dayclock.h"

#include <QDateTime>

namespace chat::ui {

namespace {
//! After midnight, not on it: a timer may fire a little early.
constexpr qint64 AfterMidnightMs = 1000;
} // namespace

DayClock::DayClock(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        restart();
        Q_EMIT dayChanged();
    });
    restart();
}

qint64 DayClock::msecsUntilNextDay(const QDateTime &now)
{
    const QDateTime local = now.toLocalTime();
    const QDateTime midnight = local.date().addDays(1).startOfDay();
    return std::max<qint64>(0, local.msecsTo(midnight)) + AfterMidnightMs;
}

void DayClock::restart()
{
    m_timer.start(std::chrono::milliseconds(msecsUntilNextDay(QDateTime::currentDateTime())));
}

} // namespace chat::ui
