#pragma once

#include <client/awareness/privacysettingscontroller.h>

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;

namespace chat::ui {

//! Chat ▸ Privacy…: whether others see that the user types, has read their messages, and
//! is online. As in common apps, each is mutual: turning one off also hides the others'.
//! Loads the settings from the server when shown (PrivacySettingsController::load) and
//! saves them with Save (PrivacySettingsController::save), closing once the server has
//! them; a failure shows in the dialog and leaves it open.
class PrivacyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PrivacyDialog(client::PrivacySettingsController &privacy, QWidget *parent = nullptr);

    [[nodiscard]] QCheckBox *typingBox() const { return m_typing; }
    [[nodiscard]] QCheckBox *receiptsBox() const { return m_receipts; }
    [[nodiscard]] QCheckBox *presenceBox() const { return m_presence; }
    [[nodiscard]] QPushButton *saveButton() const;
    //! "Loading…", "Saving…", or what went wrong; empty otherwise.
    [[nodiscard]] QString statusText() const;
    //! The settings have arrived and no save is under way: the boxes can be changed.
    [[nodiscard]] bool isReady() const { return m_state == State::Ready; }

    //! The settings the boxes show.
    [[nodiscard]] client::PrivacySettings settings() const;

    //! Asks the server for the settings again (what showing the dialog does).
    void reload();

protected:
    void showEvent(QShowEvent *event) override;

private:
    enum class State { Loading, Ready, Saving };
    void setState(State state, const QString &status = {});
    void onLoaded(const client::PrivacySettings &settings);
    void save();

    client::PrivacySettingsController &m_privacy;
    QCheckBox *m_typing;
    QCheckBox *m_receipts;
    QCheckBox *m_presence;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    State m_state = State::Loading;
    //! Saved and not yet answered (saved() or notice()).
    bool m_saveOutstanding = false;
};

} // namespace chat::ui
