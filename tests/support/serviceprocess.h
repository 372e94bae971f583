#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

namespace chat::test {

//! A server the tests start for themselves (PostgreSQL, Redis): one child process, its
//! output collected as it comes, "ready" when a given line appears in it. Dropping it
//! kills a child still running. When the tests run as root, the child runs as `nobody`
//! (PostgreSQL refuses to run as root); its files must then be `nobody`'s too
//! (makeOwnedByServer()).
class ServiceProcess
{
public:
    ServiceProcess() = default;
    ~ServiceProcess();
    ServiceProcess(const ServiceProcess &) = delete;
    ServiceProcess &operator=(const ServiceProcess &) = delete;

    //! Starts `program` and runs the event loop until `readyLine` was printed (true), the
    //! process ended, or the test's timeout passed.
    bool start(const QString &program, const QStringList &arguments, const QString &readyLine);
    //! start() on 127.0.0.1: on `port` when it is set (a restart finds the server where it
    //! was), else on a free port, and on new free ports while the server fails to start
    //! (another process may take a port between the probe and the server's bind).
    //! `arguments` makes the command line for a port; `port` is set to the one used.
    bool startOnFreePort(const QString &program,
        const std::function<QStringList(quint16)> &arguments, const QString &readyLine,
        quint16 &port);
    //! Runs `program` to its end (initdb); true when it exited with 0.
    bool run(const QString &program, const QStringList &arguments);
    //! Sends `signalNumber` and waits for the end; true when it ended.
    bool stop(int signalNumber);
    [[nodiscard]] bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }
    //! Everything it printed so far (both streams), for failure messages.
    QString output();

    //! Gives `path` (and what is in it) to the account the servers run as, when that is
    //! not the current one.
    static bool makeOwnedByServer(const QString &path);
    //! A TCP port of 127.0.0.1 that was free a moment ago.
    static quint16 freePort();

private:
    void dropPrivilegesIfRoot();

    QProcess m_process;
    QByteArray m_output;
};

} // namespace chat::test
