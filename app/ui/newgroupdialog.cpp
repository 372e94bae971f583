#include "newgroupdialog.h"

#include <client/clientcontext.h>
#include <shared/protocol.h>
#include <shared/validation.h>
#include <ui/peoplepicker.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace chat::ui {

NewGroupDialog::NewGroupDialog(client::ClientContext &context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_title(new QLineEdit(this))
    , m_topic(new QLineEdit(this))
    , m_picker(new PeoplePicker(context.session(), this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Group"));
    m_title->setPlaceholderText(tr("What the group is about"));
    m_title->setMaxLength(protocol::limits::MaxTitleLength);
    m_topic->setPlaceholderText(tr("Optional"));
    m_topic->setMaxLength(protocol::limits::MaxTopicLength);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(link-visited);"));
    m_error->hide();
    m_create = m_buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    m_create->setDefault(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("T&opic:"), m_topic);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Members:"), this));
    layout->addWidget(m_picker, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(420, 520);

    connect(m_title, &QLineEdit::textChanged, this, &NewGroupDialog::updateCreateButton);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewGroupDialog::create);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateCreateButton();
}

QString NewGroupDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void NewGroupDialog::updateCreateButton()
{
    m_create->setEnabled(!m_creating && !checkGroupTitle(m_title->text()));
}

void NewGroupDialog::create()
{
    if (m_creating || checkGroupTitle(m_title->text()))
        return;
    if (const auto invalid = checkTopic(m_topic->text())) {
        m_error->setText(invalid->message);
        m_error->show();
        return;
    }
    m_creating = true;
    m_error->hide();
    updateCreateButton();
    m_context.groups().create(m_title->text(), m_topic->text(), m_picker->pickedIds(),
        [this, alive = QPointer(this)](Result<qint64> created) {
            if (!alive)
                return; // closed meanwhile: the group exists and shows in the list anyway
            m_creating = false;
            updateCreateButton();
            if (!created) {
                m_error->setText(tr("Could not create the group: %1").arg(created.error().message));
                m_error->show();
                return;
            }
            Q_EMIT this->created(created.value());
            accept();
        });
}

} // namespace chat::ui
