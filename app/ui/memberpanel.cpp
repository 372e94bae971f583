#include "memberpanel.h"

#include <client/clientcontext.h>
#include <shared/grouprules.h>
#include <shared/protocol.h>
#include <shared/validation.h>
#include <ui/conversationview.h>
#include <ui/peoplepicker.h>
#include <ui/persondelegate.h>

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace chat::ui {

using client::ConversationListModel;
using client::MemberListModel;

QString memberDetailText(MemberRole role, bool online, const QDateTime &lastSeen)
{
    QStringList parts;
    if (role == MemberRole::Owner)
        parts.append(MemberPanel::tr("owner"));
    else if (role == MemberRole::Admin)
        parts.append(MemberPanel::tr("admin"));
    if (const QString presence
        = presenceText(false, online, lastSeen, QDateTime::currentDateTimeUtc());
        !presence.isEmpty())
        parts.append(presence);
    return parts.join(u" · ");
}

MemberPanel::MemberPanel(client::ClientContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_title(new QLineEdit(this))
    , m_topic(new QLineEdit(this))
    , m_save(new QPushButton(tr("Save"), this))
    , m_count(new QLabel(this))
    , m_members(new QListView(this))
    , m_add(new QPushButton(tr("Add People…"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_role(new QPushButton(tr("Make Admin"), this))
    , m_owner(new QPushButton(tr("Make Owner"), this))
    , m_mute(new QCheckBox(tr("Mute this group"), this))
    , m_leave(new QPushButton(tr("Leave Group"), this))
{
    setMinimumWidth(220);
    m_title->setMaxLength(protocol::limits::MaxTitleLength);
    m_title->setAccessibleName(tr("Group title"));
    m_topic->setMaxLength(protocol::limits::MaxTopicLength);
    m_topic->setPlaceholderText(tr("No topic"));
    m_topic->setAccessibleName(tr("Group topic"));
    m_save->hide();

    auto *delegate = new PersonDelegate(m_members);
    delegate->setOnlineRole(MemberListModel::OnlineRole);
    delegate->setUserIdRole(MemberListModel::UserIdRole);
    delegate->setDetail([](const QModelIndex &index) {
        return memberDetailText(MemberRole(index.data(MemberListModel::MemberRoleRole).toInt()),
            index.data(MemberListModel::OnlineRole).toBool(),
            index.data(MemberListModel::LastSeenRole).toDateTime());
    });
    m_members->setModel(context.openConversation().members());
    m_members->setItemDelegate(delegate);
    m_members->setUniformItemSizes(true);
    m_members->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_members->setAccessibleName(tr("Members"));

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Topic:"), m_topic);
    auto *memberButtons = new QHBoxLayout;
    memberButtons->addWidget(m_remove);
    memberButtons->addWidget(m_role);
    memberButtons->addWidget(m_owner);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(form);
    layout->addWidget(m_save, 0, Qt::AlignRight);
    layout->addWidget(m_count);
    layout->addWidget(m_members, 1);
    layout->addWidget(m_add);
    layout->addLayout(memberButtons);
    layout->addWidget(m_mute);
    layout->addWidget(m_leave);

    const auto titleEdited = [this] {
        const int row = m_context.conversations()->rowOf(conversationId());
        const bool changed = row >= 0
            && (m_title->text().trimmed() != m_context.conversations()->at(row).title
                || m_topic->text().trimmed() != m_context.conversations()->at(row).topic);
        m_save->setVisible(changed);
        m_save->setEnabled(changed && !checkGroupTitle(m_title->text()));
    };
    connect(m_title, &QLineEdit::textEdited, this, titleEdited);
    connect(m_topic, &QLineEdit::textEdited, this, titleEdited);
    connect(m_title, &QLineEdit::returnPressed, this, &MemberPanel::saveTitle);
    connect(m_topic, &QLineEdit::returnPressed, this, &MemberPanel::saveTitle);
    connect(m_save, &QPushButton::clicked, this, &MemberPanel::saveTitle);
    connect(m_add, &QPushButton::clicked, this, &MemberPanel::addPeople);
    connect(m_remove, &QPushButton::clicked, this, &MemberPanel::removeSelected);
    connect(m_role, &QPushButton::clicked, this, &MemberPanel::toggleSelectedAdmin);
    connect(m_owner, &QPushButton::clicked, this, &MemberPanel::handOverToSelected);
    connect(m_leave, &QPushButton::clicked, this, [this] { leave(true); });
    connect(m_mute, &QCheckBox::clicked, this,
        [this](bool muted) { m_context.conversationList().setMuted(conversationId(), muted); });
    connect(m_members->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &MemberPanel::updateActions);

    client::OpenConversation &open = context.openConversation();
    connect(&open, &client::OpenConversation::changed, this, &MemberPanel::refresh);
    MemberListModel *members = open.members();
    connect(members, &QAbstractItemModel::modelReset, this, &MemberPanel::refresh);
    connect(members, &QAbstractItemModel::dataChanged, this, &MemberPanel::updateActions);
    ConversationListModel *conversations = context.conversations();
    connect(conversations, &QAbstractItemModel::dataChanged, this, &MemberPanel::refresh);
    connect(conversations, &QAbstractItemModel::modelReset, this, &MemberPanel::refresh);
    refresh();
}

qint64 MemberPanel::conversationId() const
{
    return m_context.openConversation().conversationId();
}

std::optional<MemberRole> MemberPanel::ownRole() const
{
    const int row = m_context.conversations()->rowOf(conversationId());
    if (row < 0 || !m_context.conversations()->at(row).isGroup()
        || !m_context.conversations()->at(row).active)
        return std::nullopt;
    return m_context.conversations()->at(row).role;
}

std::optional<Member> MemberPanel::selectedMember() const
{
    const QModelIndex current = m_members->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return m_context.openConversation().members()->members().at(current.row()).member;
}

void MemberPanel::refresh()
{
    const int row = m_context.conversations()->rowOf(conversationId());
    if (row < 0 || !m_context.conversations()->at(row).isGroup()) {
        Q_EMIT closeRequested();
        return;
    }
    const client::ConversationSummary &group = m_context.conversations()->at(row);
    // What the user is typing is theirs until saved; the rest follows the server.
    if (!m_title->hasFocus() && !m_save->isVisible())
        m_title->setText(group.title);
    if (!m_topic->hasFocus() && !m_save->isVisible())
        m_topic->setText(group.topic);
    m_mute->setChecked(group.muted);
    const int count = m_context.openConversation().members()->rowCount();
    m_count->setText(group.active ? tr("%n member(s)", nullptr, count)
                                  : tr("You are no longer a member of this group."));
    updateActions();
}

void MemberPanel::updateActions()
{
    const std::optional<MemberRole> mine = ownRole();
    const bool editable = mine && rules::canEditGroup(*mine);
    m_title->setReadOnly(!editable);
    m_topic->setReadOnly(!editable);
    m_add->setVisible(editable);
    m_leave->setEnabled(mine.has_value());
    m_mute->setEnabled(mine.has_value());

    const std::optional<Member> selected = selectedMember();
    const bool other = selected && selected->user.id != m_context.session().user().id;
    const bool canRemove = mine && other && rules::canRemove(*mine, selected->role);
    const bool canChangeRoles = mine && other && rules::canChangeRoles(*mine);
    m_remove->setVisible(canRemove);
    m_remove->setText(canRemove ? tr("Remove %1").arg(selected->user.username) : tr("Remove"));
    m_role->setVisible(canChangeRoles);
    m_role->setText(
        selected && selected->role == MemberRole::Admin ? tr("Make Member") : tr("Make Admin"));
    m_owner->setVisible(canChangeRoles);
}

void MemberPanel::saveTitle()
{
    if (!m_save->isVisible() || !m_save->isEnabled())
        return;
    m_save->setEnabled(false);
    m_context.groups().rename(conversationId(), m_title->text(), m_topic->text(),
        [this, alive = QPointer(this)](Result<Conversation> renamed) {
            if (!alive)
                return;
            m_save->hide();
            if (!renamed)
                report(tr("rename the group"), renamed.error());
            refresh();
        });
}

void MemberPanel::removeSelected()
{
    const std::optional<Member> selected = selectedMember();
    if (!selected)
        return;
    m_context.groups().removeMember(conversationId(), selected->user.id,
        [this, alive = QPointer(this), name = selected->user.username](
            Result<Conversation> removed) {
            if (alive && !removed)
                report(tr("remove %1").arg(name), removed.error());
        });
}

void MemberPanel::toggleSelectedAdmin()
{
    const std::optional<Member> selected = selectedMember();
    if (!selected)
        return;
    const MemberRole role
        = selected->role == MemberRole::Admin ? MemberRole::Member : MemberRole::Admin;
    m_context.groups().setRole(conversationId(), selected->user.id, role,
        [this, alive = QPointer(this)](Result<Conversation> changed) {
            if (alive && !changed)
                report(tr("change the role"), changed.error());
        });
}

void MemberPanel::handOverToSelected()
{
    const std::optional<Member> selected = selectedMember();
    if (!selected)
        return;
    const auto answer
        = QMessageBox::question(this, tr("Make %1 the owner?").arg(selected->user.username),
            tr("%1 becomes the owner of this group, and you an admin. Only they can undo it.")
                .arg(selected->user.username));
    if (answer != QMessageBox::Yes)
        return;
    m_context.groups().setRole(conversationId(), selected->user.id, MemberRole::Owner,
        [this, alive = QPointer(this)](Result<Conversation> changed) {
            if (alive && !changed)
                report(tr("hand over the group"), changed.error());
        });
}

void MemberPanel::addPeople()
{
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Add People"));
    dialog->setWindowModality(Qt::WindowModal);
    auto *picker = new PeoplePicker(m_context.session(), dialog);
    QSet<qint64> members;
    for (const MemberState &member : m_context.openConversation().members()->members())
        members.insert(member.member.user.id);
    picker->setUnavailable(members);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton *add = buttons->addButton(tr("Add"), QDialogButtonBox::AcceptRole);
    add->setEnabled(false);
    connect(picker, &PeoplePicker::pickedChanged, add,
        [add, picker] { add->setEnabled(!picker->picked().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(picker, 1);
    layout->addWidget(buttons);
    dialog->resize(380, 460);
    const qint64 id = conversationId();
    connect(dialog, &QDialog::accepted, this, [this, id, picker] {
        m_context.groups().addMembers(
            id, picker->pickedIds(), [this, alive = QPointer(this)](Result<Conversation> added) {
                if (alive && !added)
                    report(tr("add people"), added.error());
            });
    });
    dialog->setObjectName(QStringLiteral("addPeopleDialog"));
    dialog->show();
}

void MemberPanel::leave(bool confirm)
{
    const int row = m_context.conversations()->rowOf(conversationId());
    if (row < 0)
        return;
    if (confirm) {
        const auto answer = QMessageBox::question(this, tr("Leave the group?"),
            tr("You will no longer get the messages of “%1”. What was said until now stays "
               "readable.")
                .arg(m_context.conversations()->at(row).title));
        if (answer != QMessageBox::Yes)
            return;
    }
    m_context.groups().leave(conversationId(), [this, alive = QPointer(this)](Result<qint64> left) {
        if (alive && !left)
            report(tr("leave the group"), left.error());
    });
}

void MemberPanel::report(const QString &what, const Error &error)
{
    Q_EMIT notice(tr("Could not %1: %2").arg(what, error.message));
}

} // namespace chat::ui
