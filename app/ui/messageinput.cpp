#include "messageinput.h"

#include <shared/protocol.h>

#include <QKeyEvent>
#include <QLocale>
#include <QSignalBlocker>
#include <QTextBlock>

namespace chat::ui {

namespace {
constexpr int MaxVisibleLines = 6;
}

MessageInput::MessageInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setPlaceholderText(tr("Write a message…"));
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(document(), &QTextDocument::contentsChanged, this, [this] {
        updateGeometry();
        if (!document()->isEmpty())
            Q_EMIT edited();
    });
}

int MessageInput::heightForLines(int lines) const
{
    const QMargins margins = contentsMargins();
    return fontMetrics().lineSpacing() * lines + int(2 * document()->documentMargin())
        + margins.top() + margins.bottom() + 2 * frameWidth();
}

QSize MessageInput::sizeHint() const
{
    int lines = 0;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next())
        lines += std::max(1, block.layout() ? block.layout()->lineCount() : 1);
    return { QPlainTextEdit::sizeHint().width(),
        heightForLines(std::clamp(lines, 1, MaxVisibleLines)) };
}

QSize MessageInput::minimumSizeHint() const
{
    return { 100, heightForLines(1) };
}

void MessageInput::submit()
{
    const QString text = toPlainText();
    if (text.trimmed().isEmpty())
        return;
    if (const qsizetype bytes = text.toUtf8().size(); bytes > protocol::limits::MaxBodyBytes) {
        // Refused here, not after sending: the server would refuse it every time.
        Q_EMIT refused(tr("The message is %1 KiB; at most %2 KiB can be sent. Shorten it or "
                          "split it in parts.")
                           .arg(QLocale().toString(bytes / 1024.0, 'f', 1))
                           .arg(protocol::limits::MaxBodyBytes / 1024));
        return;
    }
    clear();
    Q_EMIT submitted(text);
}

void MessageInput::showDraft(const QString &text)
{
    if (text == toPlainText())
        return; // the same conversation (it got its id): keep the cursor and undo
    const QSignalBlocker notTyping(this);
    setPlainText(text);
    moveCursor(QTextCursor::End);
}

void MessageInput::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        submit();
        event->accept();
        return;
    }
    if (enter) {
        // Shift+Enter: a plain line break, not a paragraph separator.
        insertPlainText(QStringLiteral("\n"));
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier && m_cancellable) {
        Q_EMIT cancelRequested();
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Up && event->modifiers() == Qt::NoModifier
        && document()->isEmpty()) {
        Q_EMIT editLastRequested();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace chat::ui
