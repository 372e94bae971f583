#pragma once

#include <shared/result.h>

#include <QString>

namespace chat::server {

//! Where `chatd user` gets a password from: never the command line, which other users
//! see in `ps` and the shell keeps in its history. On a terminal it is asked for twice,
//! without echo; from a pipe (or when told to, with --password-stdin) it is the first
//! line of standard input, without its line break.
class PasswordInput
{
public:
    [[nodiscard]] static Result<QString> read(const QString &username, bool fromStdinOnly);

private:
    [[nodiscard]] static Result<QString> readLine();
    [[nodiscard]] static Result<QString> askOnTerminal(const QString &prompt);
};

} // namespace chat::server
