#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <optional>
#include <vector>

namespace chat::test {

//! One chatd child process. Collects its output as it comes and reads the port (and
//! scheme) from the "listening on http://127.0.0.1:PORT" (or https://) log line.
class ChatdProcess
{
public:
    //! Starts `program` (the chatd binary) with `arguments`; `input`, if any, is written
    //! to its standard input, which is then closed (a password for `chatd user`).
    ChatdProcess(const QString &program, const QProcessEnvironment &environment,
        const QStringList &arguments, const std::optional<QByteArray> &input = {});
    ~ChatdProcess();
    ChatdProcess(const ChatdProcess &) = delete;
    ChatdProcess &operator=(const ChatdProcess &) = delete;

    [[nodiscard]] bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }

    //! Runs the event loop until the port was logged (true) or the process ended.
    bool waitUntilListening();
    //! Runs the event loop (so this process' sockets keep answering) until chatd ended.
    bool waitForExit(int timeoutMs);
    bool sendSignal(int signalNumber) const;
    void killNow();

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QUrl url() const;
    [[nodiscard]] QUrl webSocketUrl() const;
    [[nodiscard]] int exitCode() const { return m_process.exitCode(); }
    [[nodiscard]] QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }

    QString standardError();
    QString standardOutput();
    //! Both streams, for failure messages.
    QString transcript();
    //! Complete lines of stderr, without the trailing newline.
    QStringList errorLines();

private:
    void collect();

    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    quint16 m_port = 0;
    bool m_tls = false; //!< It said https://: url() and webSocketUrl() are https and wss.
};

//! The processes and files of one test function that runs chatd: a temporary directory,
//! the environment every child gets, and the children, killed (with a warning) if a test
//! leaves one running. Make one in init(), drop it in cleanup().
class ChatdRunner
{
public:
    explicit ChatdRunner(const QString &program);
    ~ChatdRunner();
    ChatdRunner(const ChatdRunner &) = delete;
    ChatdRunner &operator=(const ChatdRunner &) = delete;

    [[nodiscard]] bool isValid() const { return m_directory.isValid(); }
    //! A path in the test's temporary directory.
    [[nodiscard]] QString path(const QString &name) const { return m_directory.filePath(name); }
    [[nodiscard]] QProcessEnvironment &environment() { return m_environment; }

    //! Starts chatd with `arguments`; it stays owned by the runner.
    ChatdProcess *start(const QStringList &arguments, const std::optional<QByteArray> &input = {});
    //! Starts chatd on 127.0.0.1 and a free port with `databasePath` (a fresh one by
    //! default) and `extra` arguments.
    ChatdProcess *startServer(const QString &databasePath = {}, const QStringList &extra = {});
    //! Runs chatd with `arguments` to its end; for commands that exit by themselves.
    ChatdProcess *runToExit(
        const QStringList &arguments, const std::optional<QByteArray> &input = {});

private:
    QString m_program;
    QTemporaryDir m_directory;
    QProcessEnvironment m_environment;
    std::vector<std::unique_ptr<ChatdProcess>> m_processes;
};

//! True if one of `lines` is a log line whose message is exactly `message`
//! ("chat.server: stopped" with the default message pattern).
[[nodiscard]] bool hasLogLine(const QStringList &lines, const QString &message);

} // namespace chat::test
