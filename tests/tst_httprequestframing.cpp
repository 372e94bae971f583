// HttpRequestFraming on its own: where a request ends (fed whole, byte by byte, with a
// second request behind it), and which framings it refuses before a body is read: a head
// over the cap, a body announced or chunked over the cap, framing two parsers could read
// differently (smuggling), methods and codings no route implements.
#include <server/http/httprequestframing.h>

#include <QTest>

using namespace chat::server;
using Status = HttpRequestFraming::Status;

namespace {

constexpr qsizetype HeaderCap = 1024;
constexpr qint64 BodyCap = 4096;

//! Feeds `bytes` in pieces of `piece` bytes; the status at the end and bytes consumed.
HttpRequestFraming::Step feedInPieces(
    HttpRequestFraming &framing, const QByteArray &bytes, qsizetype piece)
{
    HttpRequestFraming::Step total;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        const qsizetype size = std::min(piece, bytes.size() - at);
        const auto step = framing.feed(bytes.constData() + at, size);
        total.consumed += step.consumed;
        total.status = step.status;
        if (step.status != Status::NeedMore)
            break;
    }
    return total;
}

} // namespace

class tst_HttpRequestFraming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frames_data();
    void frames();
    void stopsAtTheEndOfOneRequest();
    void detectsWebSocketUpgrade();
    void refusesAnOversizedBodyFromItsHeaders();
    void countsChunkedFramingOverhead();
};

void tst_HttpRequestFraming::frames_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<Status>("status");
    QTest::addColumn<qsizetype>("consumed"); // -1: the whole request

    const QByteArray get = "GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n";
    QTest::addRow("get") << get << Status::Complete << qsizetype(-1);
    QTest::addRow("bare LF lines")
        << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << Status::Complete << qsizetype(-1);
    QTest::addRow("leading blank line")
        << QByteArray("\r\nGET / HTTP/1.0\r\n\r\n") << Status::Complete << qsizetype(-1);
    QTest::addRow("content-length")
        << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello") << Status::Complete
        << qsizetype(-1);
    QTest::addRow("same length twice")
        << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nhi")
        << Status::Complete << qsizetype(-1);
    QTest::addRow("chunked") << QByteArray(
        "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nTrailer: "
        "t\r\n\r\n") << Status::Complete
                             << qsizetype(-1);
    QTest::addRow("incomplete body")
        << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nhello") << Status::NeedMore
        << qsizetype(-1);
    QTest::addRow("incomplete head")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n") << Status::NeedMore << qsizetype(-1);

    QTest::addRow("head over cap")
        << (QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(HeaderCap, 'a') + "\r\n\r\n")
        << Status::HeadersTooLarge << qsizetype(-2);
    QTest::addRow("length over cap")
        << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 314572800\r\n\r\n")
        << Status::BodyTooLarge << qsizetype(-1);
    QTest::addRow("absurd length")
        << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")
        << Status::BodyTooLarge << qsizetype(-1);
    QTest::addRow("chunk over cap")
        << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n")
        << Status::BodyTooLarge << qsizetype(-1);
    QTest::addRow("chunks add up over cap")
        << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n"
               + QByteArray(0x800, 'x') + "\r\n801\r\n")
        << Status::BodyTooLarge << qsizetype(-1);

    QTest::addRow("length and chunked")
        << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
        << Status::Malformed << qsizetype(-1);
    QTest::addRow("two lengths") << QByteArray(
        "POST /a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")
                                 << Status::Malformed << qsizetype(-1);
    QTest::addRow("signed length") << QByteArray("POST /a HTTP/1.1\r\nContent-Length: +5\r\n\r\n")
                                   << Status::Malformed << qsizetype(-1);
    QTest::addRow("folded header")
        << QByteArray("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n") << Status::Malformed << qsizetype(-1);
    QTest::addRow("space before colon")
        << QByteArray("GET / HTTP/1.1\r\nContent-Length : 5\r\n\r\n") << Status::Malformed
        << qsizetype(-1);
    QTest::addRow("no colon") << QByteArray("GET / HTTP/1.1\r\nnonsense\r\n\r\n")
                              << Status::Malformed << qsizetype(-1);
    QTest::addRow("bad version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << Status::Malformed
                                 << qsizetype(-1);
    QTest::addRow("no version") << QByteArray("GET /\r\n\r\n") << Status::Malformed
                                << qsizetype(-1);
    QTest::addRow("bad chunk size")
        << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        << Status::Malformed << qsizetype(-1);
    QTest::addRow("chunk without CR")
        << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n")
        << Status::Malformed << qsizetype(-1);
    QTest::addRow("chunk not ended")
        << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n")
        << Status::Malformed << qsizetype(-1);

    QTest::addRow("BREW") << QByteArray("BREW /pot HTTP/1.1\r\n\r\n") << Status::NotImplemented
                          << qsizetype(-1);
    QTest::addRow("PROPFIND") << QByteArray("PROPFIND / HTTP/1.1\r\n\r\n") << Status::NotImplemented
                              << qsizetype(-1);
    QTest::addRow("CONNECT") << QByteArray("CONNECT example.org:443 HTTP/1.1\r\n\r\n")
                             << Status::NotImplemented << qsizetype(-1);
    QTest::addRow("lower-case get")
        << QByteArray("get / HTTP/1.1\r\n\r\n") << Status::NotImplemented << qsizetype(-1);
    QTest::addRow("gzip coding") << QByteArray(
        "POST /a HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
                                 << Status::NotImplemented << qsizetype(-1);
}

void tst_HttpRequestFraming::frames()
{
    QFETCH(QByteArray, request);
    QFETCH(Status, status);
    QFETCH(qsizetype, consumed);
    // Whole, then byte by byte: the same answer, wherever the reads split the bytes.
    for (const qsizetype piece : { request.size(), qsizetype(1), qsizetype(7) }) {
        HttpRequestFraming framing(HeaderCap, BodyCap);
        const auto step = feedInPieces(framing, request, piece);
        QCOMPARE(step.status, status);
        // A whole or partial request is taken whole; an error stops where it was found.
        if (consumed == -1 && (status == Status::Complete || status == Status::NeedMore))
            QCOMPARE(step.consumed, request.size());
    }
}

void tst_HttpRequestFraming::stopsAtTheEndOfOneRequest()
{
    const QByteArray first = "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
    const QByteArray second = "GET /b HTTP/1.1\r\n\r\n";
    const QByteArray both = first + second;
    HttpRequestFraming framing(HeaderCap, BodyCap);
    auto step = framing.feed(both.constData(), both.size());
    QCOMPARE(step.status, Status::Complete);
    QCOMPARE(step.consumed, first.size());
    QCOMPARE(framing.method(), QByteArray("POST"));
    // Fed again without reset(): the request stays complete, nothing more is taken.
    QCOMPARE(framing.feed(second.constData(), second.size()).consumed, 0);
    framing.reset();
    QVERIFY(!framing.started());
    step = framing.feed(both.constData() + first.size(), second.size());
    QCOMPARE(step.status, Status::Complete);
    QCOMPARE(step.consumed, second.size());
    QCOMPARE(framing.method(), QByteArray("GET"));
}

void tst_HttpRequestFraming::detectsWebSocketUpgrade()
{
    const QByteArray upgrade = "GET /api/v1/ws HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: "
                               "keep-alive, Upgrade\r\n\r\n";
    HttpRequestFraming framing(HeaderCap, BodyCap);
    QCOMPARE(framing.feed(upgrade.constData(), upgrade.size()).status, Status::Complete);
    QVERIFY(framing.isWebSocketUpgrade());

    const QByteArray halfUpgrade = "GET /api/v1/ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n";
    framing.reset();
    QCOMPARE(framing.feed(halfUpgrade.constData(), halfUpgrade.size()).status, Status::Complete);
    QVERIFY(!framing.isWebSocketUpgrade());
}

void tst_HttpRequestFraming::refusesAnOversizedBodyFromItsHeaders()
{
    // Refused at the blank line: none of the body needs to be there.
    const QByteArray head = "POST /a HTTP/1.1\r\nContent-Length: 4097\r\n\r\n";
    HttpRequestFraming framing(HeaderCap, BodyCap);
    const auto step = framing.feed(head.constData(), head.size());
    QCOMPARE(step.status, Status::BodyTooLarge);
    QCOMPARE(step.consumed, head.size());
    // An error stays.
    QCOMPARE(framing.feed("x", 1).status, Status::BodyTooLarge);
}

void tst_HttpRequestFraming::countsChunkedFramingOverhead()
{
    // A body under the cap in 1-byte chunks takes six times its size on the wire.
    QByteArray request = "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 4000; ++i)
        request += "1\r\nx\r\n";
    HttpRequestFraming framing(HeaderCap, BodyCap);
    QCOMPARE(framing.feed(request.constData(), request.size()).status, Status::BodyTooLarge);
}

QTEST_GUILESS_MAIN(tst_HttpRequestFraming)
#include "tst_httprequestframing.moc"
