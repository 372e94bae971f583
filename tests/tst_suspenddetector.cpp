// SuspendDetector: the wall clock jumping ahead of the monotonic one means the machine
// slept, and every socket is suspect. Driven by a fake clock.
#include <client/network/suspenddetector.h>

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using chat::client::SuspendDetector;

class TestSuspendDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seesAClockJump()
    {
        qint64 now = 1'000'000;
        SuspendDetector detector;
        detector.setInterval(1h); // ticks only when the test asks
        detector.setTolerance(10s);
        detector.setClock([&now] { return now; });
        QSignalSpy resumed(&detector, &SuspendDetector::resumed);
        detector.start();
        now += 3'600'000 + 2'000; // on time, give or take
        detector.check();
        QCOMPARE(resumed.size(), 0);
        now += 3'600'000 + 60'000; // a minute late: the machine slept
        detector.check();
        QCOMPARE(resumed.size(), 1);
        QCOMPARE(resumed.at(0).at(0).value<std::chrono::milliseconds>(), 60s);
        now -= 86'400'000; // the clock set back a day is no wake-up
        detector.check();
        QCOMPARE(resumed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSuspendDetector)
#include "tst_suspenddetector.moc"
