#include "conversationview.h"

#include <client/clientcontext.h>
#include <ui/bodylimit.h>
#include <ui/composebanner.h>
#include <ui/dayclock.h>
#include <ui/jumptobottombutton.h>
#include <ui/messageactions.h>
#include <ui/messagedelegate.h>
#include <ui/messagehighlight.h>
#include <ui/messageinput.h>
#include <ui/messagelinks.h>
#include <ui/seenreporter.h>

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::ConversationListModel;
using chat::client::MessageListModel;

QString presenceText(bool typing, bool online, const QDateTime &lastSeen, const QDateTime &now)
{
    if (typing)
        return ConversationView::tr("typing…");
    if (online)
        return ConversationView::tr("online");
    if (!lastSeen.isValid())
        return {};
    if (lastSeen.secsTo(now) < 60)
        return ConversationView::tr("last seen just now");
    const QDateTime local = lastSeen.toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QString time = QLocale().toString(local.time(), QLocale::ShortFormat);
    if (local.date() == today)
        return ConversationView::tr("last seen at %1").arg(time);
    if (local.date().daysTo(today) == 1)
        return ConversationView::tr("last seen yesterday at %1").arg(time);
    return ConversationView::tr("last seen %1 at %2")
        .arg(QLocale().toString(local.date(), QLocale::ShortFormat), time);
}

QString typingText(const QStringList &names)
{
    switch (names.size()) {
    case 0:
        return {};
    case 1:
        return ConversationView::tr("%1 is typing…").arg(names.at(0));
    case 2:
        return ConversationView::tr("%1 and %2 are typing…").arg(names.at(0), names.at(1));
    case 3:
        return ConversationView::tr("%1, %2 and %3 are typing…")
            .arg(names.at(0), names.at(1), names.at(2));
    default:
        return ConversationView::tr(
            "%1, %2 and %n other(s) are typing…", nullptr, int(names.size()) - 2)
            .arg(names.at(0), names.at(1));
    }
}

QString groupStatusText(int members, int online)
{
    const QString count = ConversationView::tr("%n member(s)", nullptr, members);
    if (online <= 0)
        return count;
    return ConversationView::tr("%1, %2 online").arg(count).arg(online);
}

ConversationView::ConversationView(client::ClientContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_stack(new QStackedWidget(this))
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_subtitleClock(new QTimer(this))
    , m_list(new QListView(this))
    , m_input(new MessageInput(this))
    , m_sendButton(new QToolButton(this))
    , m_groupInfo(new QToolButton(this))
    , m_highlight(new MessageHighlight(m_list))
    , m_banner(new ComposeBanner(this))
{
    auto *placeholder = new QLabel(tr("Choose someone on the left to start chatting."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setEnabled(false);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setContentsMargins(12, 8, 12, 0);
    m_title->setAccessibleName(tr("Conversation"));
    QFont subtitleFont = m_subtitle->font();
    subtitleFont.setPointSizeF(subtitleFont.pointSizeF() * 0.9);
    m_subtitle->setFont(subtitleFont);
    m_subtitle->setContentsMargins(12, 0, 12, 6);
    // The same height with or without a status: the header does not jump when one shows.
    m_subtitle->setMinimumHeight(QFontMetrics(subtitleFont).height() + 6);
    m_subtitle->setAccessibleName(tr("Conversation status"));
    m_subtitleClock->setInterval(30000);
    connect(m_subtitleClock, &QTimer::timeout, this, &ConversationView::updateSubtitle);

    // Connected before the view is: QListView forgets its layout when rows are about to
    // go (then indexAt() finds nothing), and the row the user reads must be known first.
    connect(context.messages(), &QAbstractItemModel::rowsAboutToBeInserted, this,
        &ConversationView::rememberAnchor);
    connect(context.messages(), &QAbstractItemModel::rowsAboutToBeRemoved, this,
        &ConversationView::rememberAnchor);
    m_list->setModel(context.messages());
    auto *delegate = new MessageDelegate(m_list);
    delegate->setHighlight(m_highlight);
    m_list->setItemDelegate(delegate);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setUniformItemSizes(false);
    m_list->setWordWrap(true);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(tr("Messages"));

    m_sendButton->setText(tr("Send"));
    m_sendButton->setToolTip(tr("Send (Enter). Shift+Enter adds a line."));
    m_sendButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_input->setAccessibleName(tr("Message"));

    auto *limit = new BodyLimitLabel(m_input, this);
    connect(m_input, &MessageInput::refused, &context, &client::ClientContext::notice);
    auto *sendColumn = new QVBoxLayout;
    sendColumn->addStretch(1);
    sendColumn->addWidget(limit, 0, Qt::AlignRight);
    sendColumn->addWidget(m_sendButton, 0, Qt::AlignRight);
    auto *inputBar = new QHBoxLayout;
    inputBar->setContentsMargins(8, 6, 8, 8);
    inputBar->addWidget(m_input, 1);
    inputBar->addLayout(sendColumn);

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);

    auto *conversation = new QWidget(this);
    auto *layout = new QVBoxLayout(conversation);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_groupInfo->setText(tr("Members"));
    m_groupInfo->setToolTip(tr("Members, title and settings of the group (Ctrl+I)"));
    m_groupInfo->setAutoRaise(true);
    connect(m_groupInfo, &QToolButton::clicked, this, &ConversationView::groupInfoRequested);
    auto *titles = new QVBoxLayout;
    titles->setSpacing(0);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 8, 0);
    header->addLayout(titles, 1);
    header->addWidget(m_groupInfo, 0, Qt::AlignVCenter);
    layout->addLayout(header);
    layout->addWidget(line);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_banner);
    layout->addLayout(inputBar);

    m_stack->addWidget(placeholder);
    m_stack->addWidget(conversation);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    m_actions = new MessageActions(context, m_list, m_input, m_banner, this);
    client::OpenConversation &open = context.openConversation();
    connect(m_input, &MessageInput::submitted, m_actions, &MessageActions::submit);
    connect(m_actions, &MessageActions::submitted, this, [this] { m_stickToBottom = true; });
    connect(m_sendButton, &QToolButton::clicked, m_input, &MessageInput::submit);
    // Every edit; the client decides how often the other person hears of it. Editing a
    // message is not typing one, and its text is not the conversation's draft.
    connect(m_input, &MessageInput::edited, &open, [this] {
        if (!m_actions->isEditing())
            m_context.openConversation().userTyped();
    });
    // Each conversation has its own draft: the input holds the open one's.
    connect(m_input, &MessageInput::textChanged, &open, [this] {
        if (!m_actions->isEditing())
            m_context.openConversation().setDraft(m_input->toPlainText());
    });
    connect(&open, &client::OpenConversation::changed, m_input,
        [this] { m_input->showDraft(m_context.openConversation().draft()); });
    connect(
        &open, &client::OpenConversation::changed, this, &ConversationView::onConversationChanged);
    connect(&open, &client::OpenConversation::otherIsTypingChanged, this,
        &ConversationView::updateSubtitle);
    connect(
        &open, &client::OpenConversation::jumpedToMessage, this, &ConversationView::showJumpTarget);
    client::MemberListModel *members = open.members();
    connect(members, &QAbstractItemModel::modelReset, this, &ConversationView::updateSubtitle);
    connect(members, &QAbstractItemModel::dataChanged, this, &ConversationView::updateSubtitle);
    ConversationListModel *conversations = context.conversations();
    // A rename, leaving the group, or the direct conversation just created getting listed;
    // not the user's own typing (the draft a row shows), which changes nothing here.
    connect(conversations, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
            if (roles != QList<int> { ConversationListModel::DraftRole })
                onConversationChanged();
        });
    connect(conversations, &QAbstractItemModel::rowsInserted, this,
        &ConversationView::onConversationChanged);
    connect(conversations, &QAbstractItemModel::modelReset, this, [this] {
        onConversationChanged(); // the title may have arrived with the list
    });

    MessageListModel *model = context.messages();
    model->setAtTop(false); // until the view has laid out and says so
    connect(model, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_anchor.isValid()) {
            m_list->doItemsLayout();
            restoreAnchor();
        }
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_stickToBottom = true;
        m_anchor = QPersistentModelIndex();
        placeFirstUnread();
    });
    connect(m_list->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this] {
        if (m_placingJumpTarget)
            return;
        if (m_stickToBottom) {
            m_anchor = QPersistentModelIndex();
            m_list->verticalScrollBar()->setValue(m_list->verticalScrollBar()->maximum());
        } else {
            restoreAnchor();
        }
        updatePaging();
    });
    connect(m_list->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (m_placingJumpTarget)
            return;
        m_stickToBottom = isAtBottom();
        updatePaging();
    });
    connect(m_list, &QListView::customContextMenuRequested, m_actions,
        &MessageActions::showContextMenu);

    auto *copy = new QAction(tr("Copy"), m_list);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, m_actions, &MessageActions::copySelection);
    m_list->addAction(copy);

    setUpTimeline(delegate);
    onConversationChanged();
}

bool ConversationView::isAtBottom() const
{
    const QScrollBar *bar = m_list->verticalScrollBar();
    return bar->value() >= bar->maximum() - 4;
}

bool ConversationView::isShowingConversation() const
{
    return m_stack->currentIndex() == 1;
}

int ConversationView::listRow() const
{
    const client::OpenConversation &open = m_context.openConversation();
    const ConversationListModel *conversations = m_context.conversations();
    if (const int row = conversations->rowOf(open.conversationId()); row >= 0)
        return row;
    // A direct conversation still being created shows its person.
    return open.peerId() != 0 ? conversations->rowOfPeer(open.peerId()) : -1;
}

void ConversationView::onConversationChanged()
{
    const bool wasShowing = isShowingConversation();
    const int row = listRow();
    if (row < 0) {
        m_stack->setCurrentIndex(0);
        m_subtitleClock->stop();
    } else {
        // Not when the list was only fetched again, or the conversation got its id.
        const client::OpenConversation &open = m_context.openConversation();
        const bool switched = !wasShowing || open.peerId() != m_shownPeer
            || (open.peerId() == 0 && open.conversationId() != m_shownConversation);
        m_shownPeer = open.peerId();
        m_shownConversation = open.conversationId();
        const client::ConversationSummary &conversation = m_context.conversations()->at(row);
        m_title->setText(conversation.title);
        m_groupInfo->setVisible(conversation.isGroup());
        // A group the user left stays readable; writing to it is over.
        m_input->setEnabled(conversation.active);
        m_sendButton->setEnabled(conversation.active);
        m_input->setPlaceholderText(
            conversation.active ? QString() : tr("You are no longer a member of this group."));
        m_stack->setCurrentIndex(1);
        if (switched) {
            m_stickToBottom = true;
            m_input->setFocus();
        }
        m_subtitleClock->start();
        updateSubtitle();
    }
    if (wasShowing != isShowingConversation())
        Q_EMIT showingConversationChanged();
}

void ConversationView::updateSubtitle()
{
    const int row = listRow();
    if (row < 0) {
        m_subtitle->clear();
        return;
    }
    const QModelIndex conversation = m_context.conversations()->index(row);
    const client::OpenConversation &open = m_context.openConversation();
    const bool typing = open.otherIsTyping();
    bool online = conversation.data(ConversationListModel::OnlineRole).toBool();
    QString text;
    if (conversation.data(ConversationListModel::IsGroupRole).toBool()) {
        const client::MemberListModel *members = m_context.openConversation().members();
        int others = 0;
        for (const MemberState &member : members->members())
            others += member.online && member.member.user.id != m_context.session().user().id;
        online = false; // the count is not news enough for the accent colour
        if (!conversation.data(ConversationListModel::ActiveRole).toBool())
            text = tr("You are no longer a member");
        else if (typing)
            text = typingText(open.typingNames());
        else
            text = groupStatusText(
                conversation.data(ConversationListModel::MemberCountRole).toInt(), others);
    } else {
        text = presenceText(typing, online,
            conversation.data(ConversationListModel::LastSeenRole).toDateTime(),
            QDateTime::currentDateTimeUtc());
    }
    // "typing…" and "online" in the accent colour, "last seen" greyed, as in Telegram.
    QPalette palette = this->palette();
    QColor colour = palette.color(QPalette::WindowText);
    if (typing || online)
        colour = palette.color(QPalette::Highlight);
    else
        colour.setAlphaF(0.6f);
    palette.setColor(QPalette::WindowText, colour);
    m_subtitle->setPalette(palette);
    QFont font = m_subtitle->font();
    font.setItalic(typing);
    m_subtitle->setFont(font);
    m_subtitle->setText(text);
}

void ConversationView::rememberAnchor()
{
    // Newer pages go in below what the user reads: the bottom is not the newest yet.
    m_stickToBottom = isAtBottom() && !m_context.messages()->hasNewer();
    if (m_stickToBottom || m_anchor.isValid())
        return; // pinned to the bottom, or an earlier change is not laid out yet
    // Rows span the viewport's width: the one under the middle of the top edge.
    const QModelIndex first = m_list->indexAt(QPoint(m_list->viewport()->width() / 2, 0));
    if (!first.isValid())
        return;
    m_anchor = first;
    m_anchorTop = m_list->visualRect(first).top();
}

void ConversationView::restoreAnchor()
{
    if (!m_anchor.isValid())
        return;
    const QModelIndex anchor = m_anchor;
    m_anchor = QPersistentModelIndex();
    QScrollBar *bar = m_list->verticalScrollBar();
    // Per-pixel scrolling: moving by how far the row moved puts it back where it was.
    bar->setValue(bar->value() + m_list->visualRect(anchor).top() - m_anchorTop);
}

void ConversationView::updatePaging()
{
    MessageListModel *model = m_context.messages();
    const QScrollBar *bar = m_list->verticalScrollBar();
    const bool atTop = bar->value() <= bar->minimum();
    model->setAtTop(atTop);
    if (atTop && model->canFetchMore({}))
        model->fetchMore({});
    else if (isAtBottom() && !atTop && model->hasNewer())
        m_context.openConversation().pager().fetchNewer();
}

void ConversationView::showJumpTarget(qint64 messageId)
{
    MessageListModel *model = m_context.messages();
    const QModelIndex target = model->index(model->rowOfId(messageId));
    if (!target.isValid())
        return;
    placeRow(target, QAbstractItemView::PositionAtCenter);
    m_highlight->start(target);
}

void ConversationView::placeRow(const QModelIndex &target, QAbstractItemView::ScrollHint hint)
{
    MessageListModel *model = m_context.messages();
    // Laid out now, so that the scroll lands where the row really is; the scroll bar's
    // signals meanwhile would pin the list to the bottom or page from the top.
    m_placingJumpTarget = true;
    m_stickToBottom = false;
    m_list->doItemsLayout();
    m_list->scrollTo(target, hint);
    m_placingJumpTarget = false;
    m_stickToBottom = isAtBottom() && !model->hasNewer();
    // Kept in place while the rows settle (a scroll bar appearing re-wraps them).
    m_anchor = target;
    m_anchorTop = m_list->visualRect(target).top();
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_list->doItemsLayout();
            restoreAnchor();
        },
        Qt::QueuedConnection);
    updatePaging();
}

void ConversationView::onRowsInserted(int, int)
{
    if (m_stickToBottom) {
        m_list->scrollToBottom();
    } else if (m_anchor.isValid()) {
        // Laid out now, not later: the scroll range may not change (as many rows dropped
        // below as went in above), so rangeChanged cannot be relied on to restore it.
        m_list->doItemsLayout();
        restoreAnchor();
    }
    placeFirstUnread();
    if (m_list->verticalScrollBar()->maximum() == 0) {
        // The rows may still fit without scrolling: then no scroll signal says whether the
        // top shows, and older pages would never load. Judge once they are laid out.
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_list->doItemsLayout();
                updatePaging();
            },
            Qt::QueuedConnection);
    }
}

void ConversationView::setUpTimeline(MessageDelegate *delegate)
{
    client::OpenConversation &open = m_context.openConversation();
    MessageListModel *model = m_context.messages();
    m_links = new MessageLinks(m_list, delegate);
    // A link to a message of this server opens it here; any other link, in the browser.
    m_links->setOpener([this](const QUrl &url) { m_actions->openLink(url); });
    m_jumpButton = new JumpToBottomButton(m_list, model);
    client::ReadMarker &marker = open.readMarker();
    // From now on only what this list shows is read.
    marker.followViewport();
    m_seen = new SeenReporter(m_list, model, &marker);
    m_jumpButton->setCount(marker.unseenCount());
    connect(&marker, &client::ReadMarker::unseenCountChanged, m_jumpButton,
        &JumpToBottomButton::setCount);
    connect(m_jumpButton, &QAbstractButton::clicked, this, &ConversationView::scrollToNewest);
    // Found while its rows go in; placed by onRowsInserted() or on the reset, once the
    // list knows the rows too.
    connect(&open.firstUnread(), &client::FirstUnreadFinder::found, this,
        [this](qint64 messageId) { m_firstUnreadToPlace = messageId; });
    auto *clock = new DayClock(this);
    connect(clock, &DayClock::dayChanged, m_list->viewport(), qOverload<>(&QWidget::update));
}

void ConversationView::placeFirstUnread()
{
    const qint64 messageId = std::exchange(m_firstUnreadToPlace, 0);
    // Only where the conversation opened: not once the user scrolled elsewhere.
    if (messageId == 0 || !m_stickToBottom)
        return;
    MessageListModel *model = m_context.messages();
    if (const QModelIndex target = model->index(model->rowOfId(messageId)); target.isValid())
        placeRow(target, QAbstractItemView::PositionAtTop);
}

void ConversationView::scrollToNewest()
{
    m_stickToBottom = true;
    m_anchor = QPersistentModelIndex();
    // A window far back: the newest page replaces it, and the reset pins it to the bottom.
    if (m_context.messages()->hasNewer())
        m_context.openConversation().pager().showNewest();
    m_list->scrollToBottom();
}

} // namespace chat::ui
