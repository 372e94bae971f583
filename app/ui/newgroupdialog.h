#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace chat::client {
class ClientContext;
}

namespace chat::ui {

class PeoplePicker;

//! Chat ▸ New Group…: a title, an optional topic, and the people to start with, picked
//! from the directory. Create asks the server; the dialog stays open with the reason if
//! it says no, and closes with created() once the group is in the list.
class NewGroupDialog : public QDialog
{
    Q_OBJECT
public:
    //! `context` must outlive the dialog.
    explicit NewGroupDialog(client::ClientContext &context, QWidget *parent = nullptr);

    [[nodiscard]] QLineEdit *titleField() const { return m_title; }
    [[nodiscard]] QLineEdit *topicField() const { return m_topic; }
    [[nodiscard]] PeoplePicker *picker() const { return m_picker; }
    [[nodiscard]] QPushButton *createButton() const { return m_create; }
    [[nodiscard]] QString errorText() const;

Q_SIGNALS:
    void created(qint64 conversationId);

private:
    void create();
    void updateCreateButton();

    client::ClientContext &m_context;
    QLineEdit *m_title;
    QLineEdit *m_topic;
    PeoplePicker *m_picker;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_create;
    bool m_creating = false;
};

} // namespace chat::ui
