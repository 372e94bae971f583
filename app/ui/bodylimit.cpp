#include "bodylimit.h"

#include <shared/protocol.h>
#include <ui/messageinput.h>
#include <ui/statuscolours.h>

#include <QLocale>

namespace chat::ui {

namespace {
//! From this share of the limit on, the count shows.
constexpr double ShowFrom = 0.8;
} // namespace

BodyUsage BodyUsage::of(qsizetype utf8Bytes)
{
    constexpr auto limit = protocol::limits::MaxBodyBytes;
    if (utf8Bytes < limit * ShowFrom)
        return {};
    const QString used = QLocale().toString(utf8Bytes / 1024.0, 'f', 1);
    const QString of = BodyLimitLabel::tr("%1 of %2 KiB").arg(used).arg(limit / 1024);
    if (utf8Bytes <= limit)
        return { of, false };
    return { BodyLimitLabel::tr("%1: too long to send").arg(of), true };
}

BodyLimitLabel::BodyLimitLabel(MessageInput *input, QWidget *parent)
    : QLabel(parent)
    , m_input(input)
{
    setAccessibleName(tr("Message length"));
    connect(m_input, &MessageInput::textChanged, this, &BodyLimitLabel::refresh);
    refresh();
}

void BodyLimitLabel::refresh()
{
    // Counting bytes is a conversion of the whole text: only once it could matter.
    const QString text = m_input->toPlainText();
    const BodyUsage usage = BodyUsage::of(
        text.size() * 3 < protocol::limits::MaxBodyBytes * ShowFrom ? 0 : text.toUtf8().size());
    m_over = usage.over;
    QPalette colours = palette();
    colours.setColor(QPalette::WindowText,
        usage.over ? errorColour(m_input->palette())
                   : m_input->palette().color(QPalette::PlaceholderText));
    setPalette(colours);
    setText(usage.text);
    setVisible(!usage.text.isEmpty());
}

} // namespace chat::ui
