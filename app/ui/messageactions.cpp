#include "messageactions.h"

#include <client/clientcontext.h>
#include <client/conversations/messagelink.h>
#include <client/models/deliverystate.h>
#include <client/network/chatsession.h>
#include <ui/messagedelegate.h>
#include <ui/messageinput.h>

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QTextCursor>

#include <algorithm>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::DeliveryState;
using chat::client::MessageListModel;

const QStringList &MessageActions::quickReactions()
{
    static const QStringList emoji { u"👍"_s, u"❤️"_s, u"😂"_s, u"😮"_s, u"😢"_s, u"🙏"_s };
    return emoji;
}

MessageActions::MessageActions(client::ClientContext &context, QListView *list, MessageInput *input,
    ComposeBanner *banner, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_list(list)
    , m_viewport(list->viewport())
    , m_input(input)
    , m_banner(banner)
    , m_confirm([list](const QString &question) {
        return QMessageBox::question(list, tr("Delete message"), question,
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    })
{
    m_list->viewport()->installEventFilter(this);
    connect(m_input, &MessageInput::cancelRequested, this, &MessageActions::cancel);
    connect(m_input, &MessageInput::editLastRequested, this, [this] {
        const qint64 last = m_context.openConversation().lastEditableMessage();
        if (last != 0)
            startEdit(m_context.messages()->rowOfId(last));
    });
    connect(m_banner, &ComposeBanner::modeChanged, this, [this](ComposeBanner::Mode mode) {
        m_input->setCancellable(mode != ComposeBanner::Mode::None);
    });
    // A reply or an edit belongs to its conversation.
    connect(&m_context.openConversation(), &client::OpenConversation::changed, this,
        [this] { m_banner->clear(); });
    // The message answered or edited may go away (deleted meanwhile, the window moved).
    connect(m_context.messages(), &QAbstractItemModel::modelReset, this, [this] {
        if (m_context.messages()->rowOfId(m_banner->messageId()) < 0)
            cancel();
    });
}

bool MessageActions::startReply(int row)
{
    client::OpenConversation &open = m_context.openConversation();
    if (!open.canReact(row)) // what may be reacted to may be answered: stored, not deleted
        return false;
    if (isEditing())
        cancel();
    const QModelIndex index = m_context.messages()->index(row);
    const bool own = index.data(MessageListModel::IsOwnRole).toBool();
    m_banner->startReply(index.data(MessageListModel::IdRole).toLongLong(),
        own ? tr("yourself") : index.data(MessageListModel::SenderNameRole).toString(),
        index.data(MessageListModel::BodyRole).toString());
    m_input->setFocus();
    return true;
}

bool MessageActions::startEdit(int row)
{
    if (!m_context.openConversation().canEdit(row))
        return false;
    const QModelIndex index = m_context.messages()->index(row);
    const QString text = index.data(MessageListModel::BodyRole).toString();
    // Before the text changes: the draft is not overwritten by the message being edited.
    m_banner->startEdit(index.data(MessageListModel::IdRole).toLongLong(), text);
    m_input->showDraft(text);
    m_input->setFocus();
    return true;
}

void MessageActions::cancel()
{
    const bool wasEditing = isEditing();
    m_banner->clear();
    if (wasEditing)
        m_input->showDraft(m_context.openConversation().draft());
}

void MessageActions::submit(const QString &text)
{
    client::OpenConversation &open = m_context.openConversation();
    const qint64 messageId = m_banner->messageId();
    switch (m_banner->mode()) {
    case ComposeBanner::Mode::Edit:
        open.edit(messageId, text);
        cancel();
        return; // an edit changes a message in place: the view stays where it is
    case ComposeBanner::Mode::Reply:
        m_banner->clear();
        open.send(text, messageId);
        break;
    case ComposeBanner::Mode::None:
        open.send(text);
        break;
    }
    Q_EMIT submitted();
}

bool MessageActions::deleteRow(int row)
{
    if (!m_context.openConversation().canDelete(row))
        return false;
    const QModelIndex index = m_context.messages()->index(row);
    const bool own = index.data(MessageListModel::IsOwnRole).toBool();
    const QString question = own
        ? tr("Delete this message for everyone in the conversation?")
        : tr("Delete this message by %1 for everyone in the group?")
              .arg(index.data(MessageListModel::SenderNameRole).toString());
    if (!m_confirm(question))
        return false;
    const qint64 messageId = index.data(MessageListModel::IdRole).toLongLong();
    if (m_banner->messageId() == messageId)
        cancel();
    return !m_context.openConversation().remove(messageId).isEmpty();
}

bool MessageActions::reworkFailed(const QString &clientId)
{
    const client::OutgoingOperation *failed = m_context.outgoing().find(clientId);
    if (!failed || failed->state != client::OutgoingOperation::State::Failed)
        return false;
    // Its text goes back to the input (after what is typed there), the failed copy goes.
    const QString text = failed->body;
    const QString typed = m_input->toPlainText();
    cancel();
    m_input->setPlainText(typed.isEmpty() ? text : typed + u"\n\n"_s + text);
    m_input->moveCursor(QTextCursor::End);
    m_input->setFocus();
    m_context.outgoing().discard(clientId);
    return true;
}

bool MessageActions::toggleReaction(int row, const QString &emoji)
{
    const qint64 messageId
        = m_context.messages()->index(row).data(MessageListModel::IdRole).toLongLong();
    return !m_context.openConversation().toggleReaction(messageId, emoji).isEmpty();
}

void MessageActions::copySelection()
{
    QModelIndexList rows = m_list->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList texts;
    for (const QModelIndex &index : std::as_const(rows)) {
        if (!index.data(MessageListModel::IsDeletedRole).toBool())
            texts << index.data(MessageListModel::BodyRole).toString();
    }
    if (!texts.isEmpty())
        QApplication::clipboard()->setText(texts.join(u"\n\n"_s));
}

bool MessageActions::copyLink(int row)
{
    const QModelIndex index = m_context.messages()->index(row);
    const qint64 messageId = index.data(MessageListModel::IdRole).toLongLong();
    if (messageId <= 0)
        return false;
    const client::MessageLink link { m_context.messages()->conversationId(), messageId };
    QApplication::clipboard()->setText(link.toUrl(m_context.session().serverUrl()).toString());
    return true;
}

void MessageActions::openLink(const QUrl &url)
{
    if (const auto link = client::MessageLink::fromUrl(url, m_context.session().serverUrl())) {
        m_context.openConversation().jumpToMessage(link->conversationId, link->messageId);
        return;
    }
    QDesktopServices::openUrl(url);
}

void MessageActions::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_list->indexAt(position);
    if (!index.isValid())
        return;
    if (!m_list->selectionModel()->isSelected(index))
        m_list->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
    const int row = index.row();
    const client::OpenConversation &open = m_context.openConversation();

    QMenu menu(m_list);
    if (open.canReact(row)) {
        menu.addAction(tr("Reply"), this, [this, row] { startReply(row); });
        QMenu *react = menu.addMenu(tr("React"));
        for (const QString &emoji : quickReactions())
            react->addAction(emoji, this, [this, row, emoji] { toggleReaction(row, emoji); });
    }
    if (open.canEdit(row))
        menu.addAction(tr("Edit"), this, [this, row] { startEdit(row); });
    if (!index.data(MessageListModel::IsDeletedRole).toBool())
        menu.addAction(tr("Copy text"), this, &MessageActions::copySelection);
    if (index.data(MessageListModel::IdRole).toLongLong() > 0)
        menu.addAction(tr("Copy link to message"), this, [this, row] { copyLink(row); });
    if (open.canDelete(row)) {
        menu.addSeparator();
        menu.addAction(tr("Delete for everyone"), this, [this, row] { deleteRow(row); });
    }
    if (index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>()
        == DeliveryState::Failed) {
        const QString clientId = index.data(MessageListModel::ClientIdRole).toString();
        menu.addSeparator();
        const QString reason = index.data(MessageListModel::ErrorRole).toString();
        if (!reason.isEmpty())
            menu.addAction(tr("Not sent: %1").arg(reason))->setEnabled(false);
        // Sent again as it is, it would be refused again: offer to rework it instead.
        const client::OutgoingOperation *failed = m_context.outgoing().find(clientId);
        if (failed && failed->isRefusedForGood())
            menu.addAction(tr("Edit"), this, [this, clientId] { reworkFailed(clientId); });
        else
            menu.addAction(
                tr("Retry"), this, [this, clientId] { m_context.outgoing().retry(clientId); });
        menu.addAction(
            tr("Delete"), this, [this, clientId] { m_context.outgoing().discard(clientId); });
    }
    if (!menu.isEmpty())
        menu.exec(m_list->viewport()->mapToGlobal(position));
}

bool MessageActions::click(const QPoint &position)
{
    const QModelIndex index = m_list->indexAt(position);
    const auto *delegate = qobject_cast<const MessageDelegate *>(m_list->itemDelegate());
    if (!index.isValid() || !delegate)
        return false;
    const MessageLayout geometry = delegate->layoutInView(index);
    if (const int chip = geometry.chipAt(position); chip >= 0) {
        const auto chips = index.data(MessageListModel::ReactionsRole)
                               .value<QList<client::messagestate::ReactionChip>>();
        return chip < chips.size() && toggleReaction(index.row(), chips.at(chip).emoji);
    }
    if (geometry.quote().contains(position)) {
        const auto quoted = index.data(MessageListModel::ReplyToRole).value<ReplyPreview>();
        client::OpenConversation &open = m_context.openConversation();
        open.jumpToMessage(open.conversationId(), quoted.id);
        return true;
    }
    return false;
}

bool MessageActions::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport && event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && mouse->modifiers() == Qt::NoModifier
            && click(mouse->position().toPoint()))
            return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace chat::ui
