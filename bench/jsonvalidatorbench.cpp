// What the strict RFC 8259 check costs in front of Qt's JSON parser: for a small frame, a
// maximal message body and a 64 KiB frame of many fields, the time of QJsonDocument alone,
// of the check alone, and of both (what parseJsonObject does). With simdjson found at
// build time (Debian's libsimdjson-dev), its validating parse is measured beside them.
#include <shared/jsonvalidator.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTextStream>

#ifdef CHAT_HAVE_SIMDJSON
#include <simdjson.h>
#endif

#include <functional>

namespace {

//! Nanoseconds per call of `run`, over enough calls to take about half a second.
double nanosecondsPerCall(const std::function<bool()> &run)
{
    int calls = 0;
    QElapsedTimer timer;
    timer.start();
    bool sink = true;
    while (timer.elapsed() < 500) {
        for (int i = 0; i < 100; ++i)
            sink = run() && sink;
        calls += 100;
    }
    const double ns = double(timer.nsecsElapsed()) / calls;
    return sink ? ns : -ns;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);

    const QByteArray small = "{\"type\":\"send\",\"id\":\"r17\",\"conversationId\":42,"
                             "\"clientId\":\"6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f\","
                             "\"body\":\"Hello Bob, caf\xc3\xa9 at 5?\"}";
    const QByteArray body = "{\"type\":\"send\",\"id\":\"r18\",\"conversationId\":42,"
                            "\"clientId\":\"c-1\",\"body\":\""
        + QByteArray(16000, 'x') + "\"}";
    QByteArray fields = "{\"type\":\"x\",\"list\":[";
    while (fields.size() < 64000)
        fields += "{\"id\":123456,\"name\":\"caf\\u00e9\",\"ok\":true,\"n\":-1.5e3},";
    fields.chop(1);
    fields += "]}";

    out << "payload            bytes   Qt ns   check ns   both ns   check MB/s";
#ifdef CHAT_HAVE_SIMDJSON
    out << "   simdjson ns";
    simdjson::dom::parser parser;
#endif
    out << "\n";
    for (const auto &payload : { std::pair { "small frame", small },
             std::pair { "16 KiB body", body }, std::pair { "64 KiB fields", fields } }) {
        // Not a structured binding: clang 14 cannot capture those in the lambdas below.
        const char *name = payload.first;
        const QByteArray &json = payload.second;
        const double qt
            = nanosecondsPerCall([&json] { return !QJsonDocument::fromJson(json).isNull(); });
        const double check
            = nanosecondsPerCall([&json] { return chat::json::validateJson(json).isValid(); });
        const double both = nanosecondsPerCall([&json] {
            return chat::json::validateJson(json).isValid()
                && !QJsonDocument::fromJson(json).isNull();
        });
        out << QString::fromLatin1(name).leftJustified(16)
            << QString::number(json.size()).rightJustified(7)
            << QString::number(qt, 'f', 0).rightJustified(8)
            << QString::number(check, 'f', 0).rightJustified(11)
            << QString::number(both, 'f', 0).rightJustified(10)
            << QString::number(json.size() / check * 1000, 'f', 0).rightJustified(13);
#ifdef CHAT_HAVE_SIMDJSON
        const simdjson::padded_string padded(json.constData(), size_t(json.size()));
        const double simd = nanosecondsPerCall([&parser, &padded] {
            simdjson::dom::element element;
            return parser.parse(padded).get(element) == simdjson::SUCCESS;
        });
        out << QString::number(simd, 'f', 0).rightJustified(14);
#endif
        out << "\n";
    }
    return 0;
}
