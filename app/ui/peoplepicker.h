#pragma once

#include <shared/wiretypes.h>

#include <QSet>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;

namespace chat::client {
class ChatSession;
class PeopleDirectory;
} // namespace chat::client

namespace chat::ui {

class CheckablePeopleModel;

//! Picks people from the directory: a search field, the people it finds with a check box
//! each, and a line naming who is picked so far. Picks survive new searches, so a group
//! is put together one name at a time. People who cannot be picked (already members)
//! show greyed out.
class PeoplePicker : public QWidget
{
    Q_OBJECT
public:
    //! `session` must outlive the picker.
    explicit PeoplePicker(client::ChatSession &session, QWidget *parent = nullptr);
    ~PeoplePicker() override;

    //! People listed but not pickable (the members of the group being added to).
    void setUnavailable(const QSet<qint64> &userIds);
    [[nodiscard]] QList<User> picked() const;
    [[nodiscard]] QList<qint64> pickedIds() const;

    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] QListView *resultList() const { return m_results; }
    [[nodiscard]] QLabel *pickedLabel() const { return m_pickedLabel; }
    [[nodiscard]] client::PeopleDirectory *directory() const { return m_directory; }
    //! Checks or unchecks the person on a row of the result list.
    void toggle(int row);

Q_SIGNALS:
    void pickedChanged();

private:
    void updatePickedLabel();

    client::PeopleDirectory *m_directory;
    CheckablePeopleModel *m_checkable;
    QLineEdit *m_search;
    QListView *m_results;
    QLabel *m_pickedLabel;
};

} // namespace chat::ui
