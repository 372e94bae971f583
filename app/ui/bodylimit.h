#pragma once

#include <QLabel>
#include <QString>

namespace chat::ui {

class MessageInput;

//! How much of the protocol's body limit (16 KiB of UTF-8) a text uses, as the input bar
//! says it: nothing while far from it, "14.2 of 16 KiB" from 80 % on, and over it a
//! warning that it cannot be sent. Pure, so it is tested without a window.
struct BodyUsage
{
    QString text; //!< Empty while far from the limit.
    bool over = false; //!< Too long to send.

    [[nodiscard]] static BodyUsage of(qsizetype utf8Bytes);
};

//! The input bar's label that shows BodyUsage for what the input holds, in the palette's
//! warning colour once over the limit; hidden while there is nothing to say.
class BodyLimitLabel : public QLabel
{
    Q_OBJECT
public:
    BodyLimitLabel(MessageInput *input, QWidget *parent = nullptr);

    [[nodiscard]] bool isOver() const { return m_over; }

private:
    void refresh();

    MessageInput *m_input;
    bool m_over = false;
};

} // namespace chat::ui
