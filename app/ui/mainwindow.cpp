#include "mainwindow.h"

#include <client/clientcontext.h>
#include <client/network/chatsession.h>
#include <client/network/tlstrust.h>
#include <host/localserverhost.h>
#include <shared/protocol.h>
#include <ui/conversationdelegate.h>
#include <ui/conversationview.h>
#include <ui/hostingstatus.h>
#include <ui/memberpanel.h>
#include <ui/messageinput.h>
#include <ui/newgroupdialog.h>
#include <ui/privacydialog.h>
#include <ui/searchpanel.h>
#include <ui/servertrustguard.h>
#include <ui/sessionsdialog.h>
#include <ui/sidebar.h>
#include <ui/signindialog.h>

#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::ChatSession;
using chat::client::ConversationListModel;
using chat::client::OpenConversation;

MainWindow::MainWindow(client::ClientContext &context, host::LocalServerHost &host, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
    , m_host(host)
    , m_splitter(new QSplitter(this))
    , m_left(new QStackedWidget(this))
    , m_sidebar(new Sidebar(context, this))
    , m_search(new SearchPanel(context, this))
    , m_conversation(new ConversationView(context, this))
    , m_memberPanel(new MemberPanel(context, this))
    , m_connection(new QLabel(this))
    , m_hosting(new HostingStatus(host, context.session(), this))
{
    m_left->addWidget(m_sidebar);
    m_left->addWidget(m_search);
    m_left->setMinimumWidth(220);
    m_splitter->addWidget(m_left);
    m_splitter->addWidget(m_conversation);
    m_splitter->addWidget(m_memberPanel);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 280, 620, 260 });
    m_splitter->setChildrenCollapsible(false);
    m_memberPanel->hide();
    setCentralWidget(m_splitter);

    statusBar()->addWidget(m_connection, 1);
    statusBar()->addPermanentWidget(m_hosting);
    createMenus();

    QListView *conversations = m_sidebar->conversationList();
    connect(conversations, &QListView::activated, this, &MainWindow::openListed);
    connect(conversations, &QListView::clicked, this, &MainWindow::openListed);
    // Arrow keys in the list open what they move to. Only while the list has the focus:
    // the current row also moves when the filter hides it, and typing in the filter must
    // not open whatever row slides under the selection.
    connect(conversations->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this, conversations](const QModelIndex &current) {
            if (conversations->hasFocus())
                openListed(current);
        });
    connect(m_sidebar, &Sidebar::conversationChosen, this, &MainWindow::openListed);
    connect(m_sidebar, &Sidebar::personChosen, this,
        [this](const User &user) { m_context.openConversation().openDirect(user); });
    connect(m_sidebar, &Sidebar::newGroupRequested, this, &MainWindow::showNewGroupDialog);
    connect(m_sidebar, &Sidebar::messageSearchRequested, this,
        [this](const QString &text) { showSearch(0, text); });
    connect(m_search, &SearchPanel::resultChosen, this, [this](qint64 conversationId, qint64 id) {
        // The search keeps the focus (opening a conversation gives it to the input), so the
        // arrows go on through the hits and Esc closes it.
        QWidget *focused = QApplication::focusWidget();
        m_context.openConversation().jumpToMessage(conversationId, id);
        if (focused && m_search->isAncestorOf(focused))
            focused->setFocus();
    });
    connect(m_search, &SearchPanel::closeRequested, this, &MainWindow::closeSearch);
    connect(m_conversation, &ConversationView::groupInfoRequested, this,
        [this] { setMemberPanelShown(!m_memberPanel->isVisible()); });
    connect(
        m_memberPanel, &MemberPanel::closeRequested, this, [this] { setMemberPanelShown(false); });
    connect(m_memberPanel, &MemberPanel::notice, this,
        [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    // The selection follows the open conversation (rows re-sort or are filtered away).
    OpenConversation &open = context.openConversation();
    connect(&open, &OpenConversation::changed, this, &MainWindow::syncSelection);
    connect(&open, &OpenConversation::changed, this, &MainWindow::updateConversationActions);
    connect(context.conversations(), &QAbstractItemModel::dataChanged, this,
        &MainWindow::updateConversationActions);
    const QAbstractItemModel *shown = context.sortedConversations();
    connect(shown, &QAbstractItemModel::layoutChanged, this, &MainWindow::syncSelection);
    connect(shown, &QAbstractItemModel::modelReset, this, &MainWindow::syncSelection);
    connect(shown, &QAbstractItemModel::rowsInserted, this, &MainWindow::syncSelection);
    connect(shown, &QAbstractItemModel::rowsRemoved, this, &MainWindow::syncSelection);
    connect(context.conversations(), &QAbstractItemModel::modelReset, this, [this] {
        syncSelection();
        if (!m_titleToOpen.isEmpty())
            openConversationWhenListed(m_titleToOpen);
    });

    ChatSession &session = context.session();
    // A server trusted on the prompt is tried again at once: the sign-in the dialog was
    // making, or the socket of a kept session.
    m_trustGuard = new ServerTrustGuard(session.tlsTrust(), this, [this] {
        if (m_signIn && m_signIn->isVisible())
            m_signIn->retry();
        else
            m_context.session().liveConnection().reconnectNow();
    });
    connect(&session, &ChatSession::connectionStateChanged, this, &MainWindow::updateStatus);
    connect(&session, &ChatSession::signedInChanged, this, [this] {
        updateTitle();
        updateStatus();
        const bool signedIn = m_context.session().isSignedIn();
        m_wasSignedIn = m_wasSignedIn || signedIn;
        updateSignInOutAction();
        m_privacyAction->setEnabled(signedIn);
        m_sessionsAction->setEnabled(signedIn);
        m_newGroupAction->setEnabled(signedIn);
        updateConversationActions();
        if (!signedIn && m_privacy)
            m_privacy->reject();
        if (!signedIn && m_sessions)
            m_sessions->reject();
        if (!signedIn)
            closeSearch();
    });
    // Said in the dialog rather than in a box of its own: one thing to answer, and nothing
    // that blocks while the app sits in the background.
    connect(&session, &ChatSession::sessionEnded, this, [this](const Error &reason) {
        promptSignIn(m_context.session().serverUrl())
            ->showMessage(tr("The server ended this session: %1").arg(reason.message));
    });
    connect(&context, &client::ClientContext::notice, this,
        [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(&context.outgoing(), &client::OutgoingQueue::waitingCountChanged, this,
        &MainWindow::updateStatus);
    connect(&context, &client::ClientContext::totalUnreadChanged, this, &MainWindow::updateTitle);
    connect(&open, &OpenConversation::changed, this, &MainWindow::updateTitle);
    connect(m_conversation, &ConversationView::showingConversationChanged, this,
        &MainWindow::updateTitle);
    connect(context.conversations(), &QAbstractItemModel::dataChanged, this,
        &MainWindow::updateTitle); // a group renamed
    // Whether the user sees the open conversation: what moves the read position.
    connect(&open, &OpenConversation::changed, this, &MainWindow::updateConversationVisible);
    connect(m_conversation, &ConversationView::showingConversationChanged, this,
        &MainWindow::updateConversationVisible);
    connect(qApp, &QGuiApplication::applicationStateChanged, this,
        &MainWindow::updateConversationVisible);

    const QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(960, 640);
    fitOnScreen();
    m_splitter->restoreState(settings.value(u"window/splitter"_s).toByteArray());
    updateTitle();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::updateSignInOutAction()
{
    m_signInOutAction->setText(
        m_context.session().isSignedIn() ? tr("&Sign Out") : tr("&Sign In…"));
}

void MainWindow::createMenus()
{
    QMenu *chat = menuBar()->addMenu(tr("&Chat"));
    m_chatMenu = chat;
    QAction *hostAction
        = chat->addAction(tr("&Host a Server on This Computer…"), this, &MainWindow::hostServer);
    connect(&m_host, &host::LocalServerHost::runningChanged, hostAction,
        [hostAction](bool running) { hostAction->setEnabled(!running); });
    hostAction->setEnabled(!m_host.isRunning());
    QAction *invite
        = chat->addAction(tr("Copy &Invitation Link"), m_hosting, &HostingStatus::copyInvitation);
    connect(&m_host, &host::LocalServerHost::runningChanged, invite, &QAction::setEnabled);
    invite->setEnabled(m_host.isRunning());
    m_privacyAction = chat->addAction(tr("&Privacy…"), this, &MainWindow::showPrivacyDialog);
    m_privacyAction->setEnabled(m_context.session().isSignedIn());
    m_sessionsAction = chat->addAction(tr("S&essions…"), this, &MainWindow::showSessionsDialog);
    m_sessionsAction->setEnabled(m_context.session().isSignedIn());
    m_newGroupAction = chat->addAction(tr("&New Group…"), this, &MainWindow::showNewGroupDialog);
    m_newGroupAction->setShortcut(QKeySequence::New);
    m_newGroupAction->setEnabled(m_context.session().isSignedIn());
    QAction *find = chat->addAction(tr("&Find…"), this, [this] {
        closeSearch();
        m_sidebar->focusFilter();
    });
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction *searchAll = chat->addAction(tr("&Search Messages…"), this, [this] { showSearch(0); });
    searchAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    chat->addSeparator();
    // Sign Out while signed in, Sign In… while not (after a sign-out the window stays,
    // whatever the dialog's answer).
    m_signInOutAction = chat->addAction(QString(), this, [this] {
        ChatSession &session = m_context.session();
        if (!session.isSignedIn()) {
            promptSignIn(session.serverUrl());
            return;
        }
        const QString username = session.username();
        session.signOut();
        promptSignIn(session.serverUrl(), username);
    });
    updateSignInOutAction();
    chat->addSeparator();
    QAction *quit = chat->addAction(tr("&Quit"), this, &MainWindow::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *conversation = menuBar()->addMenu(tr("C&onversation"));
    m_groupInfoAction = conversation->addAction(
        tr("&Group Info"), this, [this](bool shown) { setMemberPanelShown(shown); });
    m_groupInfoAction->setCheckable(true);
    m_groupInfoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_muteAction = conversation->addAction(tr("&Mute"), this, [this](bool muted) {
        m_context.conversationList().setMuted(m_context.openConversation().conversationId(), muted);
    });
    m_muteAction->setCheckable(true);
    // With no conversation open, the open one is every one.
    QAction *searchHere = conversation->addAction(tr("&Search in Conversation…"), this,
        [this] { showSearch(m_context.openConversation().conversationId()); });
    searchHere->setShortcut(QKeySequence::Find);
    m_leaveAction = conversation->addAction(
        tr("&Leave Group…"), this, [this] { m_memberPanel->leave(true); });
    updateConversationActions();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Chat"), this, [this] {
        QMessageBox::about(this, tr("About Chat"),
            tr("<b>Chat %1</b><p>A native Qt chat client with an optional built-in "
               "server.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::addSettingsMenu(QMenu *menu)
{
    m_chatMenu->insertMenu(m_newGroupAction, menu);
}

SignInDialog *MainWindow::promptSignIn(const QUrl &server, const QString &username)
{
    if (!m_signIn) {
        m_signIn = new SignInDialog(m_context.session(), this);
        m_signIn->setWindowModality(Qt::WindowModal);
        // Cancel at start leaves: there is nothing to show. Once this window has been
        // signed in, it stays (signed out) and Chat ▸ Sign In… brings the dialog back.
        connect(m_signIn, &QDialog::rejected, this, [this] {
            if (!m_context.session().isSignedIn() && !m_wasSignedIn)
                close();
        });
    }
    if (!server.isEmpty())
        m_signIn->setServerUrl(server);
    if (!username.isEmpty())
        m_signIn->setUsername(username);
    m_signIn->show();
    m_signIn->raise();
    return m_signIn;
}

void MainWindow::signInAtStart(
    const QUrl &server, const QString &username, const std::function<void(SignInDialog *)> &asked)
{
    QPointer<MainWindow> self(this);
    m_context.sessionKeeper().restore(
        server, username, [self, server, username, asked](bool resumed) {
            if (!self)
                return;
            SignInDialog *dialog = resumed ? nullptr : self->promptSignIn(server, username);
            if (asked)
                asked(dialog);
        });
}

PrivacyDialog *MainWindow::showPrivacyDialog()
{
    if (!m_privacy) {
        m_privacy = new PrivacyDialog(m_context.privacy(), this);
        m_privacy->setWindowModality(Qt::WindowModal);
    }
    m_privacy->show();
    m_privacy->raise();
    m_privacy->activateWindow();
    return m_privacy;
}

SessionsDialog *MainWindow::showSessionsDialog()
{
    if (!m_sessions) {
        m_sessions = new SessionsDialog(m_context.sessions(), this);
        m_sessions->setWindowModality(Qt::WindowModal);
    }
    m_sessions->show();
    m_sessions->raise();
    m_sessions->activateWindow();
    return m_sessions;
}

NewGroupDialog *MainWindow::showNewGroupDialog()
{
    auto *dialog = new NewGroupDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &NewGroupDialog::created, this,
        [this](qint64 conversationId) { m_context.openConversation().open(conversationId); });
    dialog->show();
    dialog->raise();
    return dialog;
}

void MainWindow::showSearch(qint64 conversationId, const QString &text)
{
    if (!m_context.session().isSignedIn())
        return;
    m_left->setCurrentWidget(m_search);
    m_search->start(conversationId, text);
}

void MainWindow::closeSearch()
{
    if (!isSearchShown())
        return;
    m_search->reset();
    m_left->setCurrentWidget(m_sidebar);
    // Back where the user was: writing in the open conversation, else the list.
    if (m_conversation->isShowingConversation())
        m_conversation->input()->setFocus();
    else
        m_sidebar->conversationList()->setFocus();
}

bool MainWindow::isSearchShown() const
{
    return m_left->currentWidget() == m_search;
}

QListView *MainWindow::conversationList() const
{
    return m_sidebar->conversationList();
}

QLineEdit *MainWindow::searchField() const
{
    return m_sidebar->filterField();
}

void MainWindow::setMemberPanelShown(bool shown)
{
    shown = shown && m_context.openConversation().isGroup();
    m_memberPanel->setVisible(shown);
    m_groupInfoAction->setChecked(shown);
}

void MainWindow::updateConversationActions()
{
    const ConversationListModel *conversations = m_context.conversations();
    const int row = conversations->rowOf(m_context.openConversation().conversationId());
    const bool open = row >= 0;
    const bool group = open && conversations->at(row).isGroup();
    const bool member = open && conversations->at(row).active;
    m_groupInfoAction->setEnabled(group);
    m_muteAction->setEnabled(member);
    m_muteAction->setChecked(open && conversations->at(row).muted);
    m_leaveAction->setEnabled(group && member);
    if (!group && m_memberPanel->isVisible())
        setMemberPanelShown(false);
}

void MainWindow::updateConversationVisible()
{
    const bool visible = m_conversation->isShowingConversation() && isVisible() && !isMinimized()
        && isActiveWindow() && QGuiApplication::applicationState() == Qt::ApplicationActive;
    m_conversationVisible = visible;
    // Every time, not only on a change: a switch of conversation while visible counts too.
    m_context.openConversation().setVisible(visible);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange)
        updateConversationVisible();
    // Back to the window: whoever signed up meanwhile shows among the people.
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        m_sidebar->refreshPeople();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // Again now that the frame exists: its margins count too.
    if (!event->spontaneous())
        fitOnScreen();
    updateConversationVisible();
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    updateConversationVisible();
}

void MainWindow::openConversationWhenListed(const QString &title)
{
    const ConversationListModel *conversations = m_context.conversations();
    for (int row = 0; row < conversations->rowCount(); ++row) {
        if (conversations->at(row).title.compare(title, Qt::CaseInsensitive) == 0) {
            m_titleToOpen.clear();
            openListed(m_context.sortedConversations()->mapFromSource(conversations->index(row)));
            syncSelection();
            return;
        }
    }
    m_titleToOpen = title;
}

void MainWindow::openListed(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    m_context.openConversation().open(
        index.data(ConversationListModel::ConversationIdRole).toLongLong());
}

void MainWindow::syncSelection()
{
    const OpenConversation &open = m_context.openConversation();
    const ConversationListModel *conversations = m_context.conversations();
    int row = conversations->rowOf(open.conversationId());
    if (row < 0 && open.peerId() != 0)
        row = conversations->rowOfPeer(open.peerId());
    QListView *list = m_sidebar->conversationList();
    const QModelIndex index = row < 0
        ? QModelIndex()
        : m_context.sortedConversations()->mapFromSource(conversations->index(row));
    // Filtered away (or none open): no other row stands highlighted in its place.
    if (list->currentIndex() != index)
        list->setCurrentIndex(index);
    if (!index.isValid())
        list->clearSelection();
}

void MainWindow::fitOnScreen()
{
    // A size saved on a bigger screen, or the default on a small one (or at a large scale
    // factor): never more than the screen shows, never partly off it.
    const QRect available = screen()->availableGeometry();
    const QSize frame = frameGeometry().size() - geometry().size();
    resize(size().boundedTo(available.size() - frame));
    QRect placed = frameGeometry();
    placed.moveLeft(std::clamp(placed.left(), available.left(),
        std::max(available.left(), available.right() + 1 - placed.width())));
    placed.moveTop(std::clamp(placed.top(), available.top(),
        std::max(available.top(), available.bottom() + 1 - placed.height())));
    move(placed.topLeft());
}

void MainWindow::updateTitle()
{
    // "Chat — bob (3)": the open conversation (else the account), then what is unread
    // everywhere; the platform adds nothing (no application display name is set).
    const ChatSession &session = m_context.session();
    QString title = tr("Chat");
    if (session.isSignedIn()) {
        const QString shown = m_conversation->isShowingConversation()
            ? m_conversation->titleLabel()->text()
            : session.username();
        title = tr("Chat — %1").arg(shown);
        if (const int unread = m_context.totalUnread(); unread > 0)
            title += u" (%1)"_s.arg(unread);
    }
    setWindowTitle(title);
}

void MainWindow::updateStatus()
{
    const ChatSession &session = m_context.session();
    QString state;
    if (!session.isSignedIn()) {
        state = tr("Not signed in");
    } else {
        switch (session.connectionState()) {
        case ChatSession::ConnectionState::Online:
            state = tr("● Online as %1 on %2")
                        .arg(session.username(), session.serverUrl().authority());
            break;
        case ChatSession::ConnectionState::Connecting:
            state = tr("◌ Connecting to %1…").arg(session.serverUrl().authority());
            break;
        case ChatSession::ConnectionState::Offline:
            state = tr("○ Offline");
            break;
        }
    }
    // What has not reached the server yet, so nobody wonders whether it was sent.
    if (const int waiting = m_context.outgoing().waitingCount(); waiting > 0)
        state += u"  ·  "_s
            + (waiting == 1 ? tr("1 message waiting") : tr("%1 messages waiting").arg(waiting));
    m_connection->setText(state);
}

void MainWindow::hostServer()
{
    // TLS on by default: on a shared network, plain HTTP shows every message and password
    // to anyone listening. The certificate is self-signed; others check its fingerprint.
    QMessageBox ask(QMessageBox::Question, tr("Host a Server"),
        tr("Host a chat server on this computer? Others on your network can then join it."),
        QMessageBox::Ok | QMessageBox::Cancel, this);
    ask.button(QMessageBox::Ok)->setText(tr("&Start Server"));
    auto *encrypt = new QCheckBox(tr("&Encrypt connections (TLS with a self-signed certificate)"));
    encrypt->setChecked(true);
    ask.setCheckBox(encrypt);
    if (ask.exec() != QMessageBox::Ok)
        return;
    const bool tls = encrypt->isChecked();
    auto started = m_host.start(QHostAddress::Any, protocol::DefaultPort, {},
        tls ? host::LocalServerHost::Transport::Tls : host::LocalServerHost::Transport::Plain);
    if (!started) {
        QMessageBox::warning(this, tr("Cannot host a server"), started.error().message);
        return;
    }
    if (tls) {
        // This app trusts the server it hosts without asking itself.
        m_context.session().tlsTrust().pin(
            client::TlsTrust::hostPort(started.value()), m_host.certificate());
    }
    const QStringList urls = m_host.shareableUrls();
    const QString fingerprint = tls
        ? tr("\n\nWhen they first connect, their app shows the server's fingerprint. Tell "
             "them it must be:\n%1")
              .arg(client::TlsTrust::fingerprint(m_host.certificate()))
        : QString();
    QMessageBox::information(this, tr("Server running"),
        tr("This computer now hosts a chat server.\n\nOthers can join at:\n%1%2\n\n"
           "It runs as long as this window is open.")
            .arg(urls.isEmpty() ? started.value().toString() : urls.join(u'\n'), fingerprint));
    if (!m_context.session().isSignedIn())
        promptSignIn(started.value());
}

bool MainWindow::quit()
{
    if (!m_hosting->confirmStop(this))
        return false;
    // Closed first, so what closing keeps (the geometry) is kept; nothing asks twice.
    m_stopConfirmed = true;
    close();
    QApplication::quit();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_stopConfirmed && !m_hosting->confirmStop(this)) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    event->accept();
}

} // namespace chat::ui
