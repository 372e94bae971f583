#include "serviceprocess.h"

#include <support/timeouts.h>

#include <QDirIterator>
#include <QTcpServer>
#include <QTest>

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

namespace chat::test {

using namespace Qt::StringLiterals;

namespace {

//! The account the servers run as when the tests run as root: nobody.
struct ServerAccount
{
    uid_t uid = 0;
    gid_t gid = 0;
    bool needed = false;
};

ServerAccount serverAccount()
{
    static const ServerAccount account = [] {
        ServerAccount found;
        if (::geteuid() != 0)
            return found;
        // Looked up here, in the parent: getpwnam is not safe between fork and exec.
        if (const passwd *nobody = ::getpwnam("nobody")) {
            found.uid = nobody->pw_uid;
            found.gid = nobody->pw_gid;
            found.needed = true;
        }
        return found;
    }();
    return account;
}

} // namespace

ServiceProcess::~ServiceProcess()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(Timeout);
    }
}

void ServiceProcess::dropPrivilegesIfRoot()
{
    const ServerAccount account = serverAccount();
    if (!account.needed)
        return;
    m_process.setChildProcessModifier([account] {
        // Between fork and exec: only async-signal-safe calls. Groups first, then the
        // user (after setuid there is no right left to change groups).
        if (::setgroups(0, nullptr) != 0 || ::setgid(account.gid) != 0
            || ::setuid(account.uid) != 0)
            ::_exit(126);
    });
}

bool ServiceProcess::start(
    const QString &program, const QStringList &arguments, const QString &readyLine)
{
    m_output.clear();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    dropPrivilegesIfRoot();
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(Timeout))
        return false;
    const QByteArray ready = readyLine.toUtf8();
    const bool isReady = QTest::qWaitFor(
        [&] {
            m_output += m_process.readAll();
            return m_output.contains(ready) || m_process.state() == QProcess::NotRunning;
        },
        Timeout);
    return isReady && m_output.contains(ready) && isRunning();
}

bool ServiceProcess::startOnFreePort(const QString &program,
    const std::function<QStringList(quint16)> &arguments, const QString &readyLine, quint16 &port)
{
    constexpr int Attempts = 5;
    for (int attempt = 0; attempt < Attempts; ++attempt) {
        if (port == 0 || attempt > 0)
            port = freePort();
        if (start(program, arguments(port), readyLine))
            return true;
        stop(SIGKILL);
    }
    return false;
}

bool ServiceProcess::run(const QString &program, const QStringList &arguments)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    dropPrivilegesIfRoot();
    m_process.start(program, arguments);
    const bool finished = m_process.waitForFinished(Timeout * 3);
    m_output += m_process.readAll();
    return finished && m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}

bool ServiceProcess::stop(int signalNumber)
{
    if (!isRunning())
        return true;
    ::kill(pid_t(m_process.processId()), signalNumber);
    const bool ended = m_process.waitForFinished(Timeout);
    m_output += m_process.readAll();
    return ended;
}

QString ServiceProcess::output()
{
    m_output += m_process.readAll();
    return QString::fromUtf8(m_output);
}

bool ServiceProcess::makeOwnedByServer(const QString &path)
{
    const ServerAccount account = serverAccount();
    if (!account.needed)
        return true;
    bool owned = ::chown(QFile::encodeName(path).constData(), account.uid, account.gid) == 0;
    QDirIterator entries(
        path, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (entries.hasNext()) {
        owned
            = ::chown(QFile::encodeName(entries.next()).constData(), account.uid, account.gid) == 0
            && owned;
    }
    return owned;
}

quint16 ServiceProcess::freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace chat::test
