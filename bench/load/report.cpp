#include "report.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace chat::bench {

namespace {

//! One row of the table: a figure of one standard scenario and what issue 13 asks of it.
struct Figure
{
    const char *scenario; //!< The "name" the script gave the run.
    const char *label;
    const char *key; //!< The field, "a.b" for a nested one.
    std::optional<double> target;
    bool atLeast = true; //!< The target is a floor (else a ceiling).
    std::optional<double> ratioTarget; //!< chatd / relay should be at least this.
};

const QList<Figure> &figures()
{
    static const QList<Figure> rows {
        { "p10w10", "messages/s (steady)", "steadyMessagesPerSecond", 40000, true, 0.5 },
        { "p10w10", "latency p50 ms", "latencyMs.p50", {}, false, {} },
        { "p10w10", "latency p99 ms", "latencyMs.p99", {}, false, {} },
        { "p10w10", "server CPU %", "serverCpuPercent", {}, false, {} },
        { "p10w1", "messages/s (steady)", "steadyMessagesPerSecond", {}, true, {} },
        { "p10w1", "latency p50 ms", "latencyMs.p50", {}, false, {} },
        { "p10w1", "latency p99 ms", "latencyMs.p99", 0.5, false, {} },
        { "p10w1", "server CPU %", "serverCpuPercent", {}, false, {} },
        { "p500w1", "messages/s (steady)", "steadyMessagesPerSecond", 20000, true, {} },
        { "p500w1", "latency p99 ms", "latencyMs.p99", {}, false, {} },
        { "p500w1", "server CPU %", "serverCpuPercent", {}, false, {} },
        { "connect", "all ready, s", "seconds", 2, false, {} },
        { "connect", "kB per idle socket", "kbPerSocket", 30, false, {} },
        { "connect", "server CPU s", "serverCpuSeconds", {}, false, {} },
        { "reconnect", "all resumed, s", "seconds", 5, false, {} },
    };
    return rows;
}

std::optional<double> valueAt(const QJsonObject &result, const char *key)
{
    const QStringList path = QString::fromLatin1(key).split(u'.');
    QJsonValue value = result.value(path[0]);
    if (path.size() == 2)
        value = value.toObject().value(path[1]);
    return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

QString shown(std::optional<double> value)
{
    if (!value)
        return u"-"_s;
    return QString::number(*value, 'f', *value >= 100 ? 0 : (*value >= 10 ? 1 : 3));
}

bool counted(const QJsonObject &result)
{
    const QString scenario = result.value(u"scenario"_s).toString();
    if (scenario == u"throughput"_s) {
        return result.value(u"messages"_s).toInteger() > 0
            && result.value(u"messagesPerSecond"_s).toDouble() > 0;
    }
    if (scenario == u"connect"_s || scenario == u"reconnect"_s)
        return result.value(u"clients"_s).toInteger() > 0 && result.contains(u"seconds"_s);
    return false;
}

} // namespace

int printReport(const QString &path, bool check)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return 1;
    }
    // results[name][server]
    QHash<QString, QHash<QString, QJsonObject>> results;
    int lines = 0;
    bool wellFormed = true;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        ++lines;
        QJsonParseError error {};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (!document.isObject() || !counted(document.object())) {
            std::fprintf(stderr, "not a scenario's result: %s\n", line.left(200).constData());
            wellFormed = false;
            continue;
        }
        const QJsonObject result = document.object();
        results[result.value(u"name"_s).toString()][result.value(u"server"_s).toString()] = result;
    }

    std::printf("%-10s %-22s %12s %12s %12s %14s  %s\n", "scenario", "figure", "chatd", "relay",
        "chatd/relay", "target", "");
    for (const Figure &figure : figures()) {
        const QString scenario = QString::fromLatin1(figure.scenario);
        if (!results.contains(scenario))
            continue;
        const auto chatd = valueAt(results[scenario].value(u"chatd"_s), figure.key);
        const auto relay = valueAt(results[scenario].value(u"relay"_s), figure.key);
        QString ratio = u"-"_s;
        if (chatd && relay && *relay != 0)
            ratio = QString::number(*chatd / *relay, 'f', 2);
        QString target = u"-"_s;
        QString verdict;
        if (figure.target) {
            target = (figure.atLeast ? u">= "_s : u"<= "_s) + shown(figure.target);
            if (chatd && !check) {
                const bool met
                    = figure.atLeast ? *chatd >= *figure.target : *chatd <= *figure.target;
                verdict = met ? u"met"_s : u"missed"_s;
            }
        }
        if (figure.ratioTarget && !check) {
            verdict
                += u" (ratio >= %1: %2)"_s.arg(*figure.ratioTarget)
                       .arg(chatd && relay && *chatd / *relay >= *figure.ratioTarget ? u"met"_s
                                                                                     : u"missed"_s);
        }
        std::printf("%-10s %-22s %12s %12s %12s %14s  %s\n", figure.scenario, figure.label,
            qPrintable(shown(chatd)), qPrintable(shown(relay)), qPrintable(ratio),
            qPrintable(target), qPrintable(verdict));
    }
    if (check)
        std::printf("(a check of form: the scenarios were too small for their targets)\n");
    if (check && (!wellFormed || lines == 0)) {
        std::fprintf(stderr, "check failed: %d lines, %s\n", lines,
            wellFormed ? "none" : "some not well-formed or counting nothing");
        return 1;
    }
    return 0;
}

} // namespace chat::bench
