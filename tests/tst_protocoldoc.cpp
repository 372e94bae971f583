// The examples of docs/PROTOCOL.md, read from the document itself: each JSON sample is
// valid JSON, and each frame, message, change and page in them decodes with the protocol
// library, as it must for a client written from the document alone. A sample that drifts
// from the wire format fails here instead of misleading its reader.
#include <shared/actioncodec.h>
#include <shared/conversationcodec.h>
#include <shared/frames.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <shared/validation.h>
#include <support/protocolsamples.h>
#include <support/resultcheck.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace chat;
using namespace chat::test;

namespace {

//! Where a sample stands in the document, which says what it must be.
enum class SampleKind {
    JsonBlock, //!< A line of a ```json block: a type, a frame or a body.
    ServerFrame, //!< A "<- " line: a frame the server sent.
    Body, //!< A line of a plain block that starts with '{': a response body.
};

struct Sample
{
    int line = 0;
    SampleKind kind = SampleKind::JsonBlock;
    QString text;
};

//! Every sample of the document. "-> " lines are left out: several are deliberately bad
//! frames, shown with the error they get. So are lines with a "..." placeholder.
QList<Sample> samplesOf(const QString &document)
{
    QList<Sample> samples;
    bool inBlock = false;
    bool jsonBlock = false;
    const QStringList lines = document.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.startsWith(u"```"_s)) {
            inBlock = !inBlock;
            jsonBlock = inBlock && line == u"```json"_s;
            continue;
        }
        if (!inBlock || line.isEmpty() || line.contains(u"..."_s))
            continue;
        if (jsonBlock)
            samples.append({ int(i + 1), SampleKind::JsonBlock, line });
        else if (line.startsWith(u"<- "_s))
            samples.append({ int(i + 1), SampleKind::ServerFrame, line.mid(3) });
        else if (line.startsWith(u'{'))
            samples.append({ int(i + 1), SampleKind::Body, line });
    }
    return samples;
}

const QStringList ServerFrameTypes { u"ready"_s, u"ack"_s, u"message"_s, u"update"_s, u"error"_s,
    u"pong"_s, u"readPosition"_s, u"receipt"_s, u"typing"_s, u"presence"_s, u"conversation"_s };
const QStringList ClientFrameTypes { u"auth"_s, u"send"_s, u"ping"_s, u"read"_s, u"delivered"_s,
    u"typing"_s, u"edit"_s, u"delete"_s, u"react"_s };

//! What the samples hold of version 3, so that a section without examples is noticed.
struct Seen
{
    int updates = 0; //!< MessageUpdates, alone or in frames and bodies.
    int replies = 0; //!< Messages with a replyTo.
    QStringList frameTypes; //!< Of frames in ```json blocks and "<- " lines.
};

//! The checks of one value of a sample; problems go to `problems`, tallies to `seen`.
class SampleChecker
{
public:
    SampleChecker(QStringList &problems, Seen &seen)
        : m_problems(problems)
        , m_seen(seen)
    { }

    void checkFrame(const QJsonObject &frame, bool fromServer)
    {
        const QString type = frame.value(u"type"_s).toString();
        m_seen.frameTypes.append(type);
        const QString text = jsonText(frame);
        QString requestId;
        const bool server = ServerFrameTypes.contains(type) || fromServer;
        const bool client = ClientFrameTypes.contains(type) && !fromServer;
        const auto asServer = server
            ? frames::decodeServerFrame(text)
            : Result<frames::ServerFrame>(Error { ErrorCode::UnknownType });
        const auto asClient = client
            ? frames::decodeClientFrame(text, &requestId)
            : Result<frames::ClientFrame>(Error { ErrorCode::UnknownType });
        if (!asServer && !asClient) {
            m_problems.append(u"the %1 frame does not decode: %2"_s.arg(
                type, server ? describe(asServer) : describe(asClient)));
        }
        if (type == u"ready"_s && frame.value(u"protocol"_s).toInt() != protocol::Version)
            m_problems.append(
                u"a ready frame says protocol %1, not %2"_s.arg(frame.value(u"protocol"_s).toInt())
                    .arg(protocol::Version));
        walk(frame);
    }

    //! Finds the messages, changes, previews, reactions and conversations in `value`.
    void walk(const QJsonValue &value)
    {
        if (value.isArray()) {
            for (const QJsonValue &item : value.toArray())
                walk(item);
            return;
        }
        if (!value.isObject())
            return;
        const QJsonObject object = value.toObject();
        if (object.contains(u"change"_s) && object.contains(u"position"_s)) {
            expect(u"MessageUpdate"_s, json::decodeMessageUpdate(object));
            ++m_seen.updates;
            walk(object.value(u"message"_s));
            return;
        }
        if (object.contains(u"senderId"_s) && object.contains(u"clientId"_s)) {
            expect(u"Message"_s, json::decodeMessage(object));
            if (object.value(u"replyTo"_s).isObject())
                ++m_seen.replies;
            return;
        }
        // Parts of a message, checked inside one.
        if (object.contains(u"excerpt"_s)) {
            expect(u"ReplyPreview"_s,
                json::decodeMessage(with(sampleMessageJson(), u"replyTo"_s, object)));
            return;
        }
        if (object.contains(u"emoji"_s) && object.contains(u"userIds"_s)) {
            expect(u"Reaction"_s,
                json::decodeMessage(
                    with(sampleMessageJson(), u"reactions"_s, QJsonArray { object })));
            return;
        }
        if (const QJsonValue conversation = object.value(u"conversation"_s);
            conversation.isObject()) {
            const auto plain = json::decodeConversation(conversation.toObject());
            if (!plain)
                expect(u"Conversation or ConversationEntry"_s,
                    json::decodeConversationEntry(conversation.toObject()));
        }
        for (const QJsonValue &field : object)
            walk(field);
    }

private:
    template<typename T> void expect(const QString &what, const Result<T> &decoded)
    {
        if (!decoded)
            m_problems.append(u"a %1 does not decode: %2"_s.arg(what, describe(decoded)));
    }

    QStringList &m_problems;
    Seen &m_seen;
};

} // namespace

class tst_ProtocolDoc : public QObject
{
    Q_OBJECT

private:
    QList<Sample> m_samples;
    Seen m_seen;

private Q_SLOTS:
    void initTestCase()
    {
        QFile file(QStringLiteral(PROTOCOL_MD));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
        m_samples = samplesOf(QString::fromUtf8(file.readAll()));
        // Far fewer means the reading above broke, not that the document lost them.
        QVERIFY2(m_samples.size() > 90, qPrintable(QString::number(m_samples.size())));
    }

    void sampleDecodes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("text");
        for (const Sample &sample : std::as_const(m_samples))
            QTest::addRow("line %d", sample.line) << int(sample.kind) << sample.text;
    }

    void sampleDecodes()
    {
        QFETCH(int, kind);
        QFETCH(QString, text);
        auto parsed = parseJsonObject(text.toUtf8(), std::numeric_limits<qsizetype>::max());
        VERIFY_OK(parsed);
        QStringList problems;
        SampleChecker checker(problems, m_seen);
        const QJsonObject object = parsed.value();
        if (SampleKind(kind) == SampleKind::ServerFrame)
            checker.checkFrame(object, true);
        else if (SampleKind(kind) == SampleKind::JsonBlock
            && (ServerFrameTypes.contains(object.value(u"type"_s).toString())
                || ClientFrameTypes.contains(object.value(u"type"_s).toString())))
            checker.checkFrame(object, false);
        else
            checker.walk(object);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"; "_s)));
    }

    //! Each part of version 3 has an example a client author can copy.
    void version3IsShown()
    {
        QVERIFY2(m_seen.updates >= 3, qPrintable(QString::number(m_seen.updates)));
        QVERIFY(m_seen.replies >= 1);
        for (const QString &type : { u"edit"_s, u"delete"_s, u"react"_s, u"update"_s, u"ack"_s })
            QVERIFY2(m_seen.frameTypes.contains(type), qPrintable(type));
    }
};

QTEST_GUILESS_MAIN(tst_ProtocolDoc)
#include "tst_protocoldoc.moc"
