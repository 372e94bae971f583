#include "chatdprocess.h"

#include <support/timeouts.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/types.h>

namespace chat::test {

using namespace Qt::StringLiterals;

ChatdProcess::ChatdProcess(const QString &program, const QProcessEnvironment &environment,
    const QStringList &arguments, const std::optional<QByteArray> &input)
{
    m_process.setProcessEnvironment(environment);
    m_process.setProgram(program);
    m_process.setArguments(arguments);
    QObject::connect(
        &m_process, &QProcess::readyReadStandardError, &m_process, [this] { collect(); });
    QObject::connect(
        &m_process, &QProcess::readyReadStandardOutput, &m_process, [this] { collect(); });
    m_process.start();
    if (input) {
        // Written before the process reads it: the pipe holds it (a line or two).
        m_process.write(*input);
        m_process.closeWriteChannel();
    }
}

ChatdProcess::~ChatdProcess()
{
    killNow();
}

bool ChatdProcess::waitUntilListening()
{
    [[maybe_unused]] const bool done
        = QTest::qWaitFor([this] { return m_port != 0 || !isRunning(); }, Timeout);
    collect();
    return m_port != 0;
}

bool ChatdProcess::waitForExit(int timeoutMs)
{
    QSignalSpy finished(&m_process, &QProcess::finished);
    const bool ended = !isRunning() || finished.wait(timeoutMs) || !isRunning();
    collect();
    return ended;
}

bool ChatdProcess::sendSignal(int signalNumber) const
{
    return isRunning() && ::kill(pid_t(pid()), signalNumber) == 0;
}

void ChatdProcess::killNow()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

QUrl ChatdProcess::url() const
{
    return QUrl(u"%1://127.0.0.1:%2"_s.arg(m_tls ? u"https"_s : u"http"_s).arg(m_port));
}

QUrl ChatdProcess::webSocketUrl() const
{
    return QUrl(u"%1://127.0.0.1:%2/api/v1/ws"_s.arg(m_tls ? u"wss"_s : u"ws"_s).arg(m_port));
}

QString ChatdProcess::standardError()
{
    collect();
    return QString::fromUtf8(m_stderr);
}

QString ChatdProcess::standardOutput()
{
    collect();
    return QString::fromUtf8(m_stdout);
}

QString ChatdProcess::transcript()
{
    return u"exit code %1, status %2 (%3)\n--- stdout:\n%4\n--- stderr:\n%5"_s.arg(exitCode())
        .arg(int(exitStatus()))
        .arg(m_process.errorString(), standardOutput(), standardError());
}

QStringList ChatdProcess::errorLines()
{
    QStringList lines = standardError().split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

void ChatdProcess::collect()
{
    m_stdout += m_process.readAllStandardOutput();
    m_stderr += m_process.readAllStandardError();
    if (m_port != 0)
        return;
    static const QRegularExpression listening(
        u"listening on (https?)://127\\.0\\.0\\.1:(\\d+)\\b"_s);
    const auto match = listening.match(QString::fromUtf8(m_stderr));
    if (match.hasMatch()) {
        m_tls = match.captured(1) == u"https"_s;
        m_port = quint16(match.captured(2).toUInt());
    }
}

ChatdRunner::ChatdRunner(const QString &program)
    : m_program(program)
{
    // The test environment silences chat.* info lines; chatd's own log is what these
    // tests read, so the child gets Qt's defaults, on stderr, in the default pattern.
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.remove(u"QT_LOGGING_RULES"_s);
    m_environment.remove(u"QT_MESSAGE_PATTERN"_s);
    m_environment.insert(u"QT_FORCE_STDERR_LOGGING"_s, u"1"_s);
    // Nothing a test starts may touch the real default database.
    m_environment.insert(u"XDG_DATA_HOME"_s, path(u"xdg-data"_s));
}

ChatdRunner::~ChatdRunner()
{
    for (const auto &process : m_processes) {
        if (process->isRunning()) {
            qWarning("killing a chatd left running (pid %lld)", process->pid());
            process->killNow();
        }
    }
}

ChatdProcess *ChatdRunner::start(
    const QStringList &arguments, const std::optional<QByteArray> &input)
{
    m_processes.push_back(
        std::make_unique<ChatdProcess>(m_program, m_environment, arguments, input));
    return m_processes.back().get();
}

ChatdProcess *ChatdRunner::startServer(const QString &databasePath, const QStringList &extra)
{
    const QString database = databasePath.isEmpty()
        ? path(u"chat-%1.sqlite3"_s.arg(m_processes.size()))
        : databasePath;
    return start(
        QStringList { u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s, u"--db"_s, database }
        + extra);
}

ChatdProcess *ChatdRunner::runToExit(
    const QStringList &arguments, const std::optional<QByteArray> &input)
{
    ChatdProcess *process = start(arguments, input);
    if (!process->waitForExit(Timeout))
        process->killNow();
    return process;
}

bool hasLogLine(const QStringList &lines, const QString &message)
{
    for (const QString &line : lines) {
        if (line == message || line.endsWith(u": "_s + message))
            return true;
    }
    return false;
}

} // namespace chat::test
