#include "privacydialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QStyleOption>
#include <QVBoxLayout>

namespace chat::ui {

namespace {
//! A setting: its check box, and under it a greyed line saying what it does.
QCheckBox *addSetting(QVBoxLayout *layout, const QString &label, const QString &explanation)
{
    auto *box = new QCheckBox(label);
    auto *note = new QLabel(explanation);
    note->setWordWrap(true);
    // Secondary text: the window text, faded (a disabled label would be too faint).
    QPalette palette = note->palette();
    QColor secondary = palette.color(QPalette::WindowText);
    secondary.setAlphaF(0.65f);
    palette.setColor(QPalette::WindowText, secondary);
    note->setPalette(palette);
    QFont font = note->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    note->setFont(font);
    // Lined up with the box's text, not with the box.
    QStyleOptionButton option;
    option.initFrom(box);
    const int indent
        = box->style()->subElementRect(QStyle::SE_CheckBoxContents, &option, box).left();
    note->setContentsMargins(indent, 0, 0, 0);
    note->setBuddy(box);
    layout->addWidget(box);
    layout->addWidget(note);
    layout->addSpacing(8);
    return box;
}
} // namespace

PrivacyDialog::PrivacyDialog(client::PrivacySettingsController &privacy, QWidget *parent)
    : QDialog(parent)
    , m_privacy(privacy)
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Privacy"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Choose what others see about you."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addSpacing(6);
    m_typing = addSetting(layout, tr("Share when I am &typing"),
        tr("When off, others do not see you typing, and you do not see them typing either."));
    m_receipts = addSetting(layout, tr("Send &read receipts"),
        tr("When off, others do not see when you have read their messages, and you do not "
           "see when they have read yours."));
    m_presence = addSetting(layout, tr("Show my &online status"),
        tr("When off, others do not see whether you are online or when you were last seen, "
           "and you do not see theirs."));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &PrivacyDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_privacy, &client::PrivacySettingsController::loaded, this, &PrivacyDialog::onLoaded);
    connect(&m_privacy, &client::PrivacySettingsController::saved, this,
        [this](const client::PrivacySettings &saved) {
            if (!m_saveOutstanding)
                return;
            m_saveOutstanding = false;
            setState(State::Ready);
            onLoaded(saved);
            accept();
        });
    connect(
        &m_privacy, &client::PrivacySettingsController::notice, this, [this](const QString &text) {
            // A failure of what this dialog asked for: say so here, and let the user retry.
            if (m_state == State::Saving) {
                m_saveOutstanding = false;
                setState(State::Ready, text);
            } else if (m_state == State::Loading && isVisible())
                setState(State::Loading, text);
        });
    setState(State::Loading);
}

QPushButton *PrivacyDialog::saveButton() const
{
    return m_buttons->button(QDialogButtonBox::Save);
}

QString PrivacyDialog::statusText() const
{
    return m_status->text();
}

client::PrivacySettings PrivacyDialog::settings() const
{
    client::PrivacySettings settings {};
    settings.shareTyping = m_typing->isChecked();
    settings.shareReceipts = m_receipts->isChecked();
    settings.sharePresence = m_presence->isChecked();
    return settings;
}

void PrivacyDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    reload();
}

void PrivacyDialog::reload()
{
    setState(State::Loading, tr("Loading…"));
    m_privacy.load();
}

void PrivacyDialog::onLoaded(const client::PrivacySettings &settings)
{
    if (m_state == State::Saving)
        return; // what is being saved wins; saved() brings the result
    m_typing->setChecked(settings.shareTyping);
    m_receipts->setChecked(settings.shareReceipts);
    m_presence->setChecked(settings.sharePresence);
    setState(State::Ready);
}

void PrivacyDialog::save()
{
    if (m_state != State::Ready)
        return;
    setState(State::Saving, tr("Saving…"));
    m_saveOutstanding = true;
    m_privacy.save(settings());
}

void PrivacyDialog::setState(State state, const QString &status)
{
    m_state = state;
    const bool ready = state == State::Ready;
    m_typing->setEnabled(ready);
    m_receipts->setEnabled(ready);
    m_presence->setEnabled(ready);
    saveButton()->setEnabled(ready);
    m_status->setText(status);
    m_status->setVisible(!status.isEmpty());
}

} // namespace chat::ui
