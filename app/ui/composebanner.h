#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace chat::ui {

//! The band above the input while the user answers a message or edits one: what is going
//! on ("Reply to bob", "Edit message"), the message's first line, and a ✕ that stops it
//! (as Esc in the input does). Hidden otherwise. It only shows the state; MessageActions
//! decides what Enter does with it.
class ComposeBanner : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { None, Reply, Edit };
    Q_ENUM(Mode)

    explicit ComposeBanner(QWidget *parent = nullptr);

    void startReply(qint64 messageId, const QString &sender, const QString &excerpt);
    void startEdit(qint64 messageId, const QString &excerpt);
    //! Back to a plain message (the ✕, Esc, sent, another conversation).
    void clear();

    [[nodiscard]] Mode mode() const { return m_mode; }
    //! The message answered or edited; 0 in Mode::None.
    [[nodiscard]] qint64 messageId() const { return m_messageId; }
    [[nodiscard]] QString title() const;
    [[nodiscard]] QString excerpt() const;

Q_SIGNALS:
    //! A reply or an edit started, or stopped (whatever stopped it).
    void modeChanged(chat::ui::ComposeBanner::Mode mode);

private:
    void start(Mode mode, qint64 messageId, const QString &title, const QString &excerpt);

    QLabel *m_title;
    QLabel *m_excerpt;
    QToolButton *m_close;
    Mode m_mode = Mode::None;
    qint64 m_messageId = 0;
};

} // namespace chat::ui
