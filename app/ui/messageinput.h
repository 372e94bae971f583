#pragma once

#include <QPlainTextEdit>

namespace chat::ui {

//! The input bar's text field: Enter sends, Shift+Enter starts a new line, and it grows
//! with its text up to a few lines before scrolling. Esc and Up in an empty field are
//! offered to the conversation (cancel a reply or an edit; edit the last message).
class MessageInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit MessageInput(QWidget *parent = nullptr);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

    //! Emits submitted() with the text and clears it, unless it is blank; a text over the
    //! protocol's body limit stays, and refused() says why.
    void submit();
    //! Shows the draft of the conversation just opened, the cursor at its end. Not an
    //! edit: neither edited() nor textChanged() go out, and undo cannot bring back the
    //! text shown before. When the input holds that text already (the direct
    //! conversation being created got its id), the cursor and undo stay as they are.
    void showDraft(const QString &text);

    //! Whether Esc has something to cancel (a reply or an edit shows); otherwise Esc is
    //! left to the window.
    void setCancellable(bool cancellable) { m_cancellable = cancellable; }

Q_SIGNALS:
    //! The user sent `text` (never blank, never too long).
    void submitted(const QString &text);
    //! Enter on a text that cannot be sent: `reason` says why (it stays in the input).
    void refused(const QString &reason);
    //! The text changed because the user typed (for typing indicators).
    void edited();
    //! Esc: whatever the input is doing (a reply, an edit) should stop.
    void cancelRequested();
    //! Up with the input empty: the user wants to edit their last message.
    void editLastRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    [[nodiscard]] int heightForLines(int lines) const;

    bool m_cancellable = false;
};

} // namespace chat::ui
