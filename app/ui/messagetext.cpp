#include "messagetext.h"

#include <QAbstractTextDocumentLayout>
#include <QFont>
#include <QPainter>
#include <QRegularExpression>
#include <QTextDocument>
#include <QTextOption>

#include <algorithm>

namespace chat::ui {

using namespace Qt::StringLiterals;

namespace {

//! The tint behind code, readable on light and dark bubbles alike.
constexpr auto CodeBackground = "#28808080";
constexpr auto QuoteBar = "#80808080";

//! A piece of a line that is shown as it is, not searched for markers: code or a link.
struct Atom
{
    qsizetype begin = 0;
    qsizetype end = 0; //!< One past the last character.
    QString html;
};

//! What a run of the same marker character can be.
enum class Marker { None, Bold, StarItalic, UnderscoreItalic };

bool isSpace(QChar c)
{
    return c.isSpace();
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

//! Where a link may start: at the start of the line or after something that is not part
//! of a word or of another address.
bool linkMayStartAfter(QStringView line, qsizetype at)
{
    if (at == 0)
        return true;
    const QChar before = line.at(at - 1);
    return !before.isLetterOrNumber() && before != u'/' && before != u'.' && before != u'@'
        && before != u'-' && before != u'_';
}

//! The length of the link that starts at `at`, or 0.
qsizetype linkLength(QStringView line, qsizetype at)
{
    const QStringView rest = line.mid(at);
    qsizetype prefix = 0;
    if (rest.startsWith(u"https://", Qt::CaseInsensitive))
        prefix = 8;
    else if (rest.startsWith(u"http://", Qt::CaseInsensitive))
        prefix = 7;
    else if (rest.startsWith(u"www.", Qt::CaseInsensitive))
        prefix = 4;
    if (prefix == 0 || !linkMayStartAfter(line, at))
        return 0;
    qsizetype end = at;
    while (end < line.size()) {
        const QChar c = line.at(end);
        if (isSpace(c) || c == u'<' || c == u'>' || c == u'"' || c == u'`')
            break;
        ++end;
    }
    // What usually follows an address in a sentence is not part of it.
    while (end > at + prefix) {
        const QChar last = line.at(end - 1);
        const QStringView link = line.mid(at, end - at);
        if (QStringView(u".,;:!?'*_~").contains(last)) {
            --end;
        } else if (last == u')' && link.count(u'(') < link.count(u')')) {
            --end;
        } else if (last == u']' && link.count(u'[') < link.count(u']')) {
            --end;
        } else {
            break;
        }
    }
    return end > at + prefix ? end - at : 0;
}

QUrl urlOf(QStringView text)
{
    QString address = text.toString();
    if (address.startsWith(u"www."_s, Qt::CaseInsensitive))
        address.prepend(u"http://"_s);
    const QUrl url(address, QUrl::TolerantMode);
    return url.isValid() && !url.host().isEmpty() ? url : QUrl();
}

//! The code spans and links of `line`, in order, none overlapping.
QList<Atom> atomsOf(QStringView line, QList<QUrl> *links)
{
    QList<Atom> atoms;
    qsizetype i = 0;
    while (i < line.size()) {
        if (line.at(i) == u'`') {
            qsizetype run = 1;
            while (i + run < line.size() && line.at(i + run) == u'`')
                ++run;
            // Closed by a run exactly as long.
            qsizetype close = i + run;
            qsizetype found = -1;
            while (close < line.size()) {
                close = line.indexOf(u'`', close);
                if (close < 0)
                    break;
                qsizetype closeRun = 1;
                while (close + closeRun < line.size() && line.at(close + closeRun) == u'`')
                    ++closeRun;
                if (closeRun == run) {
                    found = close;
                    break;
                }
                close += closeRun;
            }
            if (found > i + run) {
                const QString code = line.mid(i + run, found - i - run).toString();
                atoms.append({ i, found + run,
                    u"<code style=\"background-color:%1\">%2</code>"_s.arg(
                        QLatin1String(CodeBackground), code.toHtmlEscaped()) });
                i = found + run;
            } else {
                i += run; // no partner: shown as typed
            }
            continue;
        }
        if (const qsizetype length = linkLength(line, i); length > 0) {
            const QStringView text = line.mid(i, length);
            if (const QUrl url = urlOf(text); url.isValid()) {
                if (links)
                    links->append(url);
                atoms.append({ i, i + length,
                    u"<a href=\"%1\">%2</a>"_s.arg(url.toString(QUrl::FullyEncoded).toHtmlEscaped(),
                        text.toString().toHtmlEscaped()) });
            }
            i += length;
            continue;
        }
        ++i;
    }
    return atoms;
}

//! The Markdown subset of one line, with its atoms kept whole.
class LineRenderer
{
public:
    LineRenderer(QStringView line, const QList<Atom> &atoms)
        : m_line(line)
        , m_atoms(atoms)
    {
        // Every possible closing marker, by kind, in order: found by a binary search, so a
        // line full of unpaired markers costs no more than one without.
        qsizetype atom = 0;
        qsizetype i = 0;
        while (i < m_line.size()) {
            if (atom < m_atoms.size() && i == m_atoms.at(atom).begin) {
                i = m_atoms.at(atom++).end;
                continue;
            }
            const qsizetype run = runAt(i);
            const Marker marker = markerOf(i, run);
            if (marker != Marker::None && canClose(marker, i, run))
                m_closers[int(marker)].append(i);
            i += std::max<qsizetype>(run, 1);
        }
    }

    [[nodiscard]] QString render() const { return render(0, m_line.size()); }

private:
    //! How many of the same marker character start at `at` (0 if none starts there).
    [[nodiscard]] qsizetype runAt(qsizetype at) const
    {
        const QChar c = m_line.at(at);
        if (c != u'*' && c != u'_')
            return 0;
        qsizetype run = 1;
        while (at + run < m_line.size() && m_line.at(at + run) == c)
            ++run;
        return run;
    }

    [[nodiscard]] Marker markerOf(qsizetype at, qsizetype run) const
    {
        if (run == 0)
            return Marker::None;
        if (m_line.at(at) == u'_')
            return run == 1 ? Marker::UnderscoreItalic : Marker::None;
        return run == 2 ? Marker::Bold : run == 1 ? Marker::StarItalic : Marker::None;
    }

    [[nodiscard]] QChar charAt(qsizetype at) const
    {
        return at >= 0 && at < m_line.size() ? m_line.at(at) : QChar(u' ');
    }

    [[nodiscard]] bool canOpen(Marker marker, qsizetype at, qsizetype run) const
    {
        if (isSpace(charAt(at + run)))
            return false;
        // Inside a word (snake_case), an underscore is part of it.
        return marker != Marker::UnderscoreItalic || !isWordChar(charAt(at - 1));
    }

    [[nodiscard]] bool canClose(Marker marker, qsizetype at, qsizetype run) const
    {
        if (at == 0 || isSpace(charAt(at - 1)))
            return false;
        return marker != Marker::UnderscoreItalic || !isWordChar(charAt(at + run));
    }

    //! The first closing marker of `marker`'s kind after `from`, before `end`; -1 if none.
    [[nodiscard]] qsizetype closerOf(Marker marker, qsizetype from, qsizetype end) const
    {
        const QList<qsizetype> &closers = m_closers[int(marker)];
        const auto found = std::lower_bound(closers.cbegin(), closers.cend(), from);
        return found != closers.cend() && *found < end ? *found : -1;
    }

    [[nodiscard]] const Atom *atomAt(qsizetype at) const
    {
        const auto found = std::lower_bound(m_atoms.cbegin(), m_atoms.cend(), at,
            [](const Atom &atom, qsizetype value) { return atom.begin < value; });
        return found != m_atoms.cend() && found->begin == at ? &*found : nullptr;
    }

    [[nodiscard]] QString render(qsizetype begin, qsizetype end) const
    {
        QString html;
        qsizetype i = begin;
        while (i < end) {
            if (const Atom *atom = atomAt(i)) {
                html += atom->html;
                i = atom->end;
                continue;
            }
            const qsizetype run = runAt(i);
            const Marker marker = markerOf(i, run);
            if (marker != Marker::None && canOpen(marker, i, run)) {
                // Not empty: "****" is no bold nothing.
                if (const qsizetype close = closerOf(marker, i + run + 1, end);
                    close >= 0 && close + run <= end) {
                    const QString tag = marker == Marker::Bold ? u"b"_s : u"i"_s;
                    html += u"<%1>%2</%1>"_s.arg(tag, render(i + run, close));
                    i = close + run;
                    continue;
                }
            }
            const qsizetype plain = std::max<qsizetype>(run, 1);
            html += m_line.mid(i, plain).toString().toHtmlEscaped();
            i += plain;
        }
        return html;
    }

    QStringView m_line;
    const QList<Atom> &m_atoms;
    QList<qsizetype> m_closers[4];
};

QString lineHtml(QStringView line, QList<QUrl> *links)
{
    const QList<Atom> atoms = atomsOf(line, links);
    return LineRenderer(line, atoms).render();
}

//! A run of lines shown together: a paragraph, a quote or a code block.
struct Block
{
    enum class Kind { Text, Quote, Code };
    Kind kind = Kind::Text;
    QStringList lines;
};

//! Splits text that holds no code block into paragraphs and quotes.
void appendTextBlocks(QList<Block> &blocks, QStringView text)
{
    for (const QStringView line : text.split(u'\n')) {
        const bool quoted = line.startsWith(u'>');
        const Block::Kind kind = quoted ? Block::Kind::Quote : Block::Kind::Text;
        QStringView content = line;
        if (quoted) {
            content = content.mid(1);
            if (content.startsWith(u' '))
                content = content.mid(1);
        }
        if (blocks.isEmpty() || blocks.last().kind != kind)
            blocks.append(Block { kind, {} });
        blocks.last().lines.append(content.toString());
    }
}

//! The body's blocks: code blocks between fences, the text around them in paragraphs and
//! quotes. A fence with no closing one is text.
QList<Block> blocksOf(const QString &body)
{
    static const QRegularExpression language(u"^[A-Za-z0-9+#._-]{1,20}\\n"_s);
    QList<Block> blocks;
    qsizetype from = 0;
    qsizetype search = 0;
    while (true) {
        qsizetype open = body.indexOf(u"```"_s, search);
        // Only at the start of a line.
        while (open > 0 && body.at(open - 1) != u'\n')
            open = body.indexOf(u"```"_s, open + 1);
        const qsizetype close = open < 0 ? -1 : body.indexOf(u"```"_s, open + 3);
        if (close < 0)
            break;
        QStringView before = QStringView(body).mid(from, open - from);
        if (before.endsWith(u'\n'))
            before.chop(1);
        if (open > from)
            appendTextBlocks(blocks, before);
        QStringView code = QStringView(body).mid(open + 3, close - open - 3);
        if (const auto tag = language.match(code);
            tag.hasMatch() && code.size() > tag.capturedLength())
            code = code.mid(tag.capturedLength());
        if (code.startsWith(u'\n'))
            code = code.mid(1);
        if (code.endsWith(u'\n'))
            code.chop(1);
        blocks.append(Block { Block::Kind::Code, { code.toString() } });
        from = close + 3;
        if (from < body.size() && body.at(from) == u'\n')
            ++from; // the block ends its line
        search = from;
    }
    if (from < body.size() || blocks.isEmpty())
        appendTextBlocks(blocks, QStringView(body).mid(from));
    return blocks;
}

QString htmlOf(const QString &body, QList<QUrl> *links)
{
    QString html;
    for (const Block &block : blocksOf(body)) {
        if (block.kind == Block::Kind::Code) {
            html += u"<pre style=\"margin:2px 0px; background-color:%1; white-space:pre-wrap\">"
                    u"%2</pre>"_s.arg(
                        QLatin1String(CodeBackground), block.lines.first().toHtmlEscaped());
            continue;
        }
        QStringList lines;
        for (const QString &line : block.lines)
            lines.append(lineHtml(line, links));
        const QString content = lines.join(u"<br/>"_s);
        if (block.kind == Block::Kind::Quote) {
            // A bar on the left, as chat apps show a quote: a table cell is what has one.
            html += u"<table cellspacing=\"0\" cellpadding=\"0\" style=\"margin:2px 0px\"><tr>"
                    u"<td style=\"border-left:3px solid %1; padding-left:6px; "
                    u"white-space:pre-wrap\">"
                    u"%2</td></tr></table>"_s.arg(QLatin1String(QuoteBar), content);
        } else {
            html += u"<p style=\"margin:0px; white-space:pre-wrap\">%1</p>"_s.arg(content);
        }
    }
    return html;
}

} // namespace

QString MessageText::toHtml(const QString &body)
{
    return htmlOf(body, nullptr);
}

QList<QUrl> MessageText::links(const QString &body)
{
    QList<QUrl> links;
    for (const Block &block : blocksOf(body)) {
        if (block.kind == Block::Kind::Code)
            continue;
        for (const QString &line : block.lines)
            atomsOf(line, &links);
    }
    return links;
}

std::unique_ptr<QTextDocument> MessageText::document(const QString &body, const QFont &font)
{
    auto document = std::make_unique<QTextDocument>();
    document->setDocumentMargin(0);
    document->setDefaultFont(font);
    document->setUndoRedoEnabled(false);
    QTextOption option = document->defaultTextOption();
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    document->setDefaultTextOption(option);
    document->setHtml(toHtml(body));
    return document;
}

void paintMessageText(
    QPainter *painter, const QTextDocument &document, const QPointF &origin, const QColor &color)
{
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, color);
    painter->save();
    painter->translate(origin);
    document.documentLayout()->draw(painter, context);
    painter->restore();
}

QUrl linkAt(const QTextDocument &document, const QPointF &point)
{
    const QString anchor = document.documentLayout()->anchorAt(point);
    return anchor.isEmpty() ? QUrl() : QUrl(anchor, QUrl::StrictMode);
}

} // namespace chat::ui
