#include "passwordinput.h"

#include <QFile>
#include <QTextStream>

#include <termios.h>
#include <unistd.h>

namespace chat::server {

using namespace Qt::StringLiterals;

Result<QString> PasswordInput::read(const QString &username, bool fromStdinOnly)
{
    if (fromStdinOnly || !::isatty(STDIN_FILENO))
        return readLine();
    auto first = askOnTerminal(u"New password for %1: "_s.arg(username));
    if (!first)
        return first;
    auto second = askOnTerminal(u"The same again: "_s);
    if (!second)
        return second;
    if (first.value() != second.value())
        return Error { ErrorCode::InvalidField, u"the two passwords differ"_s, u"password"_s };
    return first;
}

Result<QString> PasswordInput::readLine()
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return Error { ErrorCode::Internal, u"cannot read standard input"_s };
    QByteArray line = input.readLine();
    if (line.isEmpty())
        return Error { ErrorCode::InvalidField, u"no password on standard input"_s, u"password"_s };
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

Result<QString> PasswordInput::askOnTerminal(const QString &prompt)
{
    QTextStream(stderr) << prompt << Qt::flush;
    termios saved {};
    const bool canHide = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (canHide) {
        termios hidden = saved;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
    }
    auto line = readLine();
    if (canHide)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    QTextStream(stderr) << '\n'; // The Enter that was not echoed.
    return line;
}

} // namespace chat::server
