#include "throwawayredis.h"

#include <QStandardPaths>

#include <signal.h>

namespace chat::test {

using namespace Qt::StringLiterals;

ThrowawayRedis::ThrowawayRedis()
    : m_directory(u"/tmp/chat-redis-XXXXXX"_s)
{ }

ThrowawayRedis::~ThrowawayRedis()
{
    stop();
}

bool ThrowawayRedis::start()
{
    if (isRunning())
        return true;
    const QString program = QStandardPaths::findExecutable(u"redis-server"_s);
    if (program.isEmpty()) {
        m_error = u"redis-server is not installed"_s;
        return false;
    }
    if (!m_directory.isValid() || !ServiceProcess::makeOwnedByServer(m_directory.path())) {
        m_error = u"no temporary directory for Redis"_s;
        return false;
    }
    const auto arguments = [this](quint16 port) {
        return QStringList { u"--port"_s, QString::number(port), u"--bind"_s, u"127.0.0.1"_s,
            u"--save"_s, u""_s, u"--appendonly"_s, u"no"_s, u"--dir"_s, m_directory.path(),
            u"--daemonize"_s, u"no"_s };
    };
    if (!m_server.startOnFreePort(program, arguments, u"Ready to accept connections"_s, m_port)) {
        m_error = u"redis-server did not start: "_s + m_server.output();
        return false;
    }
    return true;
}

bool ThrowawayRedis::stop()
{
    return m_server.stop(SIGTERM);
}

QString ThrowawayRedis::url() const
{
    return u"redis://127.0.0.1:%1"_s.arg(m_port);
}

} // namespace chat::test
