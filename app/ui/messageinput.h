#pragma once

#include <QPlainTextEdit>

namespace chat::ui {

//! The input bar's text field: Enter sends, Shift+Enter starts a new line, and it grows
//! with its text up to a few lines before scrolling.
class MessageInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit MessageInput(QWidget *parent = nullptr);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

    //! Emits submitted() with the text and clears it, unless it is blank.
    void submit();

Q_SIGNALS:
    //! The user sent `text` (never blank).
    void submitted(const QString &text);
    //! The text changed because the user typed (for typing indicators).
    void edited();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    [[nodiscard]] int heightForLines(int lines) const;
};

} // namespace chat::ui
