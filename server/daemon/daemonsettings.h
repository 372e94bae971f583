#pragma once

#include <server/daemon/daemonconfig.h>

#include <QDir>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace chat::server {

//! One setting of chatd: its key in the config file, the command-line flag that sets it
//! too (if any), and how a value is read into a DaemonConfig and shown back. The file and
//! the command line read values with the same function, so a value means the same and is
//! refused with the same reason wherever it is written.
struct DaemonSetting
{
    QString section; //!< The [section] of the config file.
    QString name; //!< The key within it.
    QString flag; //!< The command-line flag without its dashes ("db"), or empty.
    QString valueName; //!< What --help calls the value ("count").
    QString help; //!< One sentence for --help.
    //! Reads `value` into `config`; the reason it is refused otherwise, e.g. "'x' is not
    //! a port number (0-65535)". A relative path is taken relative to `base`.
    std::function<std::optional<QString>(const QString &value, const QDir &base, DaemonConfig &)>
        apply;
    //! The value `config` has, as the config file would write it.
    std::function<QString(const DaemonConfig &)> show;

    //! "section/name", as QSettings names it.
    [[nodiscard]] QString key() const { return section + u'/' + name; }
    //! "[section] name", as an error message names it.
    [[nodiscard]] QString displayName() const;
};

//! Every setting, in the order of resources/chatd.conf.
[[nodiscard]] const QList<DaemonSetting> &daemonSettings();
//! The setting with this "section/name" key, or null.
[[nodiscard]] const DaemonSetting *findSetting(const QString &key);
//! What must hold between settings (an idle timeout longer than the heartbeat, a frame
//! that fits the longest body, a TLS certificate with its key): the first problem, or none.
//! Apart from the TLS pair, whose message names both flags and keys, only settings without
//! a flag take part, so a contradiction is always the config file's.
[[nodiscard]] std::optional<QString> checkConsistency(const DaemonConfig &config);

} // namespace chat::server
