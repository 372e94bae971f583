#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace chat::server {

//! Turns SIGINT/SIGTERM (or any given signals) into a Qt signal, delivered in the event
//! loop. A signal handler may do almost nothing safely; it writes the signal number to
//! a socket pair, and a QSocketNotifier reads it on the Qt side (the pattern in Qt's
//! "Calling Qt Functions From Unix Signal Handlers"). One instance per process.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    static void handle(int signalNumber);
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace chat::server
