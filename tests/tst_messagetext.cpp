// MessageText: a message's text as a bubble shows it. The Markdown subset (bold, italic,
// inline code, code blocks, quotes) and links, read back from the QTextDocument it makes
// (which characters are bold, which are a link to where), with the inputs that trip such
// converters up: unbalanced markers, markers inside code and links, punctuation after an
// address, HTML in a message, very long words. And MessageTextCache, which makes each
// document once.
#include <ui/messagetext.h>
#include <ui/messagetextcache.h>

#include <QApplication>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QTextTable>

using namespace Qt::StringLiterals;
using chat::ui::MessageText;
using chat::ui::MessageTextCache;

namespace {

//! One run of characters of the same format, as the document holds it.
struct Run
{
    QString text;
    bool bold = false;
    bool italic = false;
    bool code = false;
    QString link;
};

QList<Run> runsOf(const QTextDocument &document)
{
    QList<Run> runs;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QTextCharFormat format = fragment.charFormat();
            runs.append(
                Run { fragment.text(), format.fontWeight() >= QFont::Bold, format.fontItalic(),
                    format.fontFixedPitch()
                        || format.fontFamilies().toStringList().contains(u"monospace"_s),
                    format.anchorHref() });
        }
    }
    return runs;
}

//! The document of `body`, as the bubble gets it.
std::unique_ptr<QTextDocument> documentOf(const QString &body)
{
    return MessageText::document(body, QApplication::font());
}

//! The run that holds `text`; a test fails when none does.
Run runWith(const QTextDocument &document, const QString &text)
{
    for (const Run &run : runsOf(document)) {
        if (run.text.contains(text))
            return run;
    }
    qWarning("no run holds '%s'", qPrintable(text));
    return Run { u"<none>"_s };
}

//! The document's text, line breaks inside a paragraph as '\n'.
QString plainText(const QTextDocument &document)
{
    return document.toPlainText().replace(QChar::LineSeparator, u'\n');
}

QStringList linksOf(const QTextDocument &document)
{
    QStringList links;
    for (const Run &run : runsOf(document)) {
        if (!run.link.isEmpty())
            links.append(run.link);
    }
    return links;
}

} // namespace

class TestMessageText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { MessageTextCache::instance().clear(); }

    void plainTextStaysAsTyped_data()
    {
        QTest::addColumn<QString>("body");
        QTest::newRow("words") << u"Hello Bob, café at 5?"_s;
        QTest::newRow("spaces") << u"a   b\tc"_s;
        QTest::newRow("lines") << u"one\n\nthree\n"_s;
        QTest::newRow("snake_case") << u"call snake_case_name here"_s;
        QTest::newRow("arithmetic") << u"2 * 3 * 4 and a ** b"_s;
        QTest::newRow("lone markers") << u"* not a list\n_ nor this"_s;
        QTest::newRow("four stars") << u"****"_s;
        QTest::newRow("no partner") << u"**bold and *italic and `code and _under"_s;
        QTest::newRow("not quite a fence") << u"``` never closed\nstill text"_s;
        QTest::newRow("greater than mid-line") << u"a > b"_s;
        QTest::newRow("empty") << QString();
    }

    // Text with nothing to format is shown exactly as typed: every character, spaces and
    // empty lines kept, and no run in another format.
    void plainTextStaysAsTyped()
    {
        QFETCH(QString, body);
        const auto document = documentOf(body);
        QString expected = body;
        if (expected.endsWith(u'\n'))
            expected.chop(1); // a line break at the very end adds an empty line, no text
        QCOMPARE(plainText(*document).trimmed(), expected.trimmed());
        for (const Run &run : runsOf(*document)) {
            QVERIFY2(
                !run.bold && !run.italic && !run.code && run.link.isEmpty(), qPrintable(run.text));
        }
    }

    // HTML in a message is text: escaped, never markup.
    void htmlIsEscaped()
    {
        const QString body
            = u"<b>not bold</b> <script>alert(1)</script> &amp; <a href=\"x\">x</a>"_s;
        const QString html = MessageText::toHtml(body);
        QVERIFY(!html.contains(u"<script"_s));
        QVERIFY(!html.contains(u"<b>"_s));
        QVERIFY(!html.contains(u"<a href=\"x\""_s));
        QVERIFY(html.contains(u"&lt;script&gt;"_s));
        QVERIFY(html.contains(u"&amp;amp;"_s));
        const auto document = documentOf(body);
        QCOMPARE(plainText(*document), body);
        for (const Run &run : runsOf(*document))
            QVERIFY(!run.bold && run.link.isEmpty());
    }

    void emphasis()
    {
        const auto document = documentOf(u"a **bold** b *star* c _under_ d **b *both* b** e"_s);
        QCOMPARE(plainText(*document), u"a bold b star c under d b both b e"_s);
        QVERIFY(runWith(*document, u"bold"_s).bold);
        QVERIFY(!runWith(*document, u"bold"_s).italic);
        QVERIFY(runWith(*document, u"star"_s).italic);
        QVERIFY(runWith(*document, u"under"_s).italic);
        const Run both = runWith(*document, u"both"_s);
        QVERIFY(both.bold && both.italic);
        QVERIFY(!runWith(*document, u"a "_s).bold);
        QVERIFY(!runWith(*document, u" e"_s).bold);
    }

    // A marker with white space on its inner side opens or closes nothing; markers do not
    // pair across lines; an underscore inside a word belongs to it.
    void markersThatAreNotMarkup()
    {
        auto document = documentOf(u"**not closed\nhere** and * spaced *"_s);
        QCOMPARE(plainText(*document), u"**not closed\nhere** and * spaced *"_s);
        document = documentOf(u"keep snake_case_words _but this_"_s);
        QCOMPARE(plainText(*document), u"keep snake_case_words but this"_s);
        QVERIFY(!runWith(*document, u"snake_case_words"_s).italic);
        QVERIFY(runWith(*document, u"but this"_s).italic);
        // Crossing pairs: the first pair wins, the stray marker shows.
        document = documentOf(u"**a *b** c*"_s);
        QCOMPARE(plainText(*document), u"a *b c*"_s);
        QVERIFY(runWith(*document, u"a *b"_s).bold);
    }

    void inlineCode()
    {
        const auto document = documentOf(u"run `make **all**` then ``a ` b`` done"_s);
        QCOMPARE(plainText(*document), u"run make **all** then a ` b done"_s);
        const Run make = runWith(*document, u"make **all**"_s);
        QVERIFY(make.code);
        QVERIFY(!make.bold);
        QVERIFY(runWith(*document, u"a ` b"_s).code);
        QVERIFY(!runWith(*document, u"done"_s).code);
    }

    void codeBlocks()
    {
        const auto document = documentOf(
            u"before\n```cpp\nint *p = **q; // https://x.org\n  indented\n```\nafter *emph*"_s);
        QCOMPARE(plainText(*document),
            u"before\nint *p = **q; // https://x.org\n  indented\nafter emph"_s);
        const Run code = runWith(*document, u"int *p"_s);
        QVERIFY(code.code);
        QVERIFY(!code.italic && !code.bold && code.link.isEmpty());
        QVERIFY(linksOf(*document).isEmpty());
        QVERIFY(runWith(*document, u"emph"_s).italic);
        // Its own block with a tint behind it.
        const QTextBlock block = document->findBlock(plainText(*document).indexOf(u"int"_s));
        QVERIFY(block.blockFormat().background().style() != Qt::NoBrush);
        QVERIFY(MessageText::links(u"```\nhttps://x.org\n```"_s).isEmpty());
    }

    // A fence only opens a block at the start of a line, and one with no partner is text.
    void fencesThatAreNotBlocks()
    {
        auto document = documentOf(u"```\nnever closed *it*"_s);
        QCOMPARE(plainText(*document), u"```\nnever closed it"_s);
        document = documentOf(u"a ```b``` c"_s);
        QCOMPARE(plainText(*document), u"a b c"_s);
        QVERIFY(runWith(*document, u"b"_s).code); // a run of three backticks is inline code
        // One line only: a language name alone is code, not a name.
        document = documentOf(u"```\nrust\n```"_s);
        QCOMPARE(plainText(*document), u"rust"_s);
    }

    void quotes()
    {
        const auto document = documentOf(u"> first *line*\n> second\nanswer\n>not\nb > c"_s);
        const QString text = plainText(*document);
        for (const QString &part : { u"first line"_s, u"second"_s, u"answer"_s, u"not"_s })
            QVERIFY2(text.contains(part), qPrintable(text));
        QVERIFY(!text.contains(u"> first"_s));
        QVERIFY(text.contains(u"b > c"_s));
        QVERIFY(runWith(*document, u"line"_s).italic);
        const auto quoted = [&](const QString &words) {
            const QTextCursor found = document->find(words);
            return !found.isNull() && found.currentTable() != nullptr;
        };
        QVERIFY(quoted(u"first"_s));
        QVERIFY(quoted(u"second"_s));
        QVERIFY(!quoted(u"answer"_s));
        QVERIFY(quoted(u"not"_s)); // a quote of its own
        QVERIFY(!quoted(u"b > c"_s));
    }

    void links_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QStringList>("links");
        QTest::addColumn<QString>("shown"); // what the first link's text is

        QTest::newRow("plain") << u"go to https://example.com now"_s
                               << QStringList { u"https://example.com"_s }
                               << u"https://example.com"_s;
        QTest::newRow("full stop")
            << u"See https://example.com/a."_s << QStringList { u"https://example.com/a"_s }
            << u"https://example.com/a"_s;
        QTest::newRow("sentence punctuation")
            << u"http://a.io/x?, https://b.io/y! https://c.io/z;"_s
            << QStringList { u"http://a.io/x"_s, u"https://b.io/y"_s, u"https://c.io/z"_s }
            << u"http://a.io/x"_s;
        QTest::newRow("in brackets")
            << u"(https://example.com/x)"_s << QStringList { u"https://example.com/x"_s }
            << u"https://example.com/x"_s;
        QTest::newRow("brackets of its own")
            << u"https://en.wikipedia.org/wiki/Qt_(software))."_s
            << QStringList { u"https://en.wikipedia.org/wiki/Qt_(software)"_s }
            << u"https://en.wikipedia.org/wiki/Qt_(software)"_s;
        QTest::newRow("query") << u"https://a.com/s?q=1&b=2,"_s
                               << QStringList { u"https://a.com/s?q=1&b=2"_s }
                               << u"https://a.com/s?q=1&b=2"_s;
        QTest::newRow("www") << u"www.qt.io!"_s << QStringList { u"http://www.qt.io"_s }
                             << u"www.qt.io"_s;
        QTest::newRow("in bold") << u"**https://x.org/a_b**"_s
                                 << QStringList { u"https://x.org/a_b"_s }
                                 << u"https://x.org/a_b"_s;
        QTest::newRow("underscores")
            << u"_see https://x.org/a_b_c_"_s << QStringList { u"https://x.org/a_b_c"_s }
            << u"https://x.org/a_b_c"_s;
        QTest::newRow("ends at html")
            << u"https://x.com/?a=<b>"_s << QStringList { u"https://x.com/?a="_s }
            << u"https://x.com/?a="_s;
        QTest::newRow("upper case")
            << u"HTTPS://EXAMPLE.COM/Path"_s << QStringList { u"https://example.com/Path"_s }
            << u"HTTPS://EXAMPLE.COM/Path"_s;
        QTest::newRow("inside a word")
            << u"xhttps://a.com and e-www.b.com"_s << QStringList {} << QString();
        QTest::newRow("scheme alone") << u"https:// and www."_s << QStringList {} << QString();
        QTest::newRow("in code") << u"`https://a.com`"_s << QStringList {} << QString();
    }

    // Addresses become links, without the punctuation a sentence puts after them; what a
    // click opens is what links() says.
    void links()
    {
        QFETCH(QString, body);
        QFETCH(QStringList, links);
        QFETCH(QString, shown);
        const auto document = documentOf(body);
        QStringList found;
        for (const QUrl &url : MessageText::links(body))
            found.append(url.toString());
        QCOMPARE(found, links);
        QCOMPARE(linksOf(*document).size(), links.size());
        for (int i = 0; i < links.size(); ++i)
            QCOMPARE(QUrl(linksOf(*document).at(i)), QUrl(links.at(i)));
        if (!shown.isEmpty())
            QCOMPARE(runWith(*document, shown).link.isEmpty(), false);
        // The text itself is unchanged: only the link is added.
        QString expected = body;
        expected.remove(u"**"_s);
        if (body.startsWith(u'_'))
            expected = expected.mid(1).chopped(1);
        if (body.startsWith(u'`'))
            expected = expected.mid(1).chopped(1);
        QCOMPARE(plainText(*document), expected);
    }

    // A word wider than the bubble breaks inside itself instead of overflowing; the rest
    // still breaks between words.
    void veryLongWords()
    {
        const QString word(400, u'w');
        const auto document = MessageTextCache::instance().laidOut(
            u"short "_s + word + u" https://example.com/"_s + QString(300, u'p'),
            QApplication::font(), 200);
        QVERIFY(document->size().width() <= 200);
        QVERIFY(document->idealWidth() <= 200);
        int lines = 0;
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
            lines += block.layout()->lineCount();
        QVERIFY2(lines >= 4, qPrintable(QString::number(lines)));
        QCOMPARE(MessageText::links(u"x https://example.com/"_s + QString(300, u'p')).size(), 1);
    }

    // A line full of unpaired markers is no slower to convert than one without: each
    // marker looks its partner up, it does not scan the rest of the line.
    void manyUnpairedMarkers()
    {
        QString body;
        for (int i = 0; i < 4000; ++i)
            body += u"*a _b **c "_s;
        const QString html = MessageText::toHtml(body);
        QVERIFY(!html.contains(u"<b>"_s));
        QVERIFY(!html.contains(u"<i>"_s));
        QCOMPARE(plainText(*documentOf(body)).trimmed(), body.trimmed());
    }

    // Laid out at a width, a short message is as wide as its text, and the same text at
    // the same width in the same font is made once.
    void cacheMakesEachDocumentOnce()
    {
        MessageTextCache &cache = MessageTextCache::instance();
        const QFont font = QApplication::font();
        const int before = cache.documentsMade();
        const auto first = cache.laidOut(u"hello **there**"_s, font, 300);
        QVERIFY(first->size().width() < 300);
        QCOMPARE(first->size().width(), std::ceil(first->idealWidth()));
        QCOMPARE(cache.documentsMade(), before + 1);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(cache.laidOut(u"hello **there**"_s, font, 300), first);
        QCOMPARE(cache.documentsMade(), before + 1);
        QVERIFY(cache.laidOut(u"hello **there**"_s, font, 200) != first); // another width
        QVERIFY(cache.laidOut(u"hello there"_s, font, 300) != first); // an edited text
        QCOMPARE(cache.documentsMade(), before + 3);
    }
};

QTEST_MAIN(TestMessageText)
#include "tst_messagetext.moc"
