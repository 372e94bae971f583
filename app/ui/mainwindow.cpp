#include "mainwindow.h"

#include <client/chatclient.h>
#include <client/network/chatsession.h>
#include <host/localserverhost.h>
#include <ui/contactdelegate.h>
#include <ui/conversationview.h>
#include <ui/privacydialog.h>
#include <ui/signindialog.h>

#include <QApplication>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::ChatSession;
using chat::client::ContactListModel;

MainWindow::MainWindow(client::ChatClient &client, LocalServerHost &host, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_host(host)
    , m_splitter(new QSplitter(this))
    , m_contacts(new QListView(this))
    , m_conversation(new ConversationView(client, this))
    , m_connection(new QLabel(this))
    , m_hosting(new QLabel(this))
{
    m_contacts->setModel(client.contacts());
    m_contacts->setItemDelegate(new ContactDelegate(m_contacts));
    m_contacts->setSelectionMode(QAbstractItemView::SingleSelection);
    m_contacts->setUniformItemSizes(true);
    m_contacts->setMinimumWidth(220);
    m_contacts->setAccessibleName(tr("Contacts"));

    m_splitter->addWidget(m_contacts);
    m_splitter->addWidget(m_conversation);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 280, 620 });
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    statusBar()->addWidget(m_connection, 1);
    statusBar()->addPermanentWidget(m_hosting);
    createMenus();

    connect(m_contacts, &QListView::activated, this, [this](const QModelIndex &index) {
        m_client.openContact(index.data(ContactListModel::UserIdRole).toLongLong());
    });
    connect(m_contacts->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &index) {
            if (index.isValid())
                m_client.openContact(index.data(ContactListModel::UserIdRole).toLongLong());
        });
    // Rows move as messages arrive; the selection follows the open conversation.
    connect(client.contacts(), &QAbstractItemModel::rowsMoved, this, &MainWindow::syncSelection);
    connect(client.contacts(), &QAbstractItemModel::modelReset, this, [this] {
        syncSelection();
        if (!m_contactToOpen.isEmpty())
            openContactWhenListed(m_contactToOpen);
    });

    ChatSession &session = client.session();
    connect(&session, &ChatSession::connectionStateChanged, this, &MainWindow::updateStatus);
    connect(&session, &ChatSession::signedInChanged, this, [this] {
        updateTitle();
        updateStatus();
        const bool signedIn = m_client.session().isSignedIn();
        m_privacyAction->setEnabled(signedIn);
        if (signedIn)
            m_client.refreshContacts();
        else if (m_privacy)
            m_privacy->reject();
    });
    connect(&session, &ChatSession::sessionEnded, this, [this](const Error &reason) {
        QMessageBox::information(
            this, tr("Signed out"), tr("The server ended this session: %1").arg(reason.message));
        promptSignIn(m_client.session().serverUrl());
    });
    connect(&client, &client::ChatClient::notice, this,
        [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(&m_host, &LocalServerHost::runningChanged, this, &MainWindow::updateStatus);
    connect(&client, &client::ChatClient::waitingCountChanged, this, &MainWindow::updateStatus);
    connect(&client, &client::ChatClient::totalUnreadChanged, this, &MainWindow::updateTitle);
    // Whether the user sees the open conversation: what moves the read position.
    connect(&client, &client::ChatClient::currentContactChanged, this,
        &MainWindow::updateConversationVisible);
    connect(m_conversation, &ConversationView::showingConversationChanged, this,
        &MainWindow::updateConversationVisible);
    connect(qApp, &QGuiApplication::applicationStateChanged, this,
        &MainWindow::updateConversationVisible);

    const QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(960, 640);
    m_splitter->restoreState(settings.value(u"window/splitter"_s).toByteArray());
    updateTitle();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *chat = menuBar()->addMenu(tr("&Chat"));
    QAction *hostAction
        = chat->addAction(tr("&Host a Server on This Computer…"), this, &MainWindow::hostServer);
    connect(&m_host, &LocalServerHost::runningChanged, hostAction,
        [hostAction](bool running) { hostAction->setEnabled(!running); });
    hostAction->setEnabled(!m_host.isRunning());
    m_privacyAction = chat->addAction(tr("&Privacy…"), this, &MainWindow::showPrivacyDialog);
    m_privacyAction->setEnabled(m_client.session().isSignedIn());
    chat->addAction(tr("&Sign Out"), this, [this] {
        m_client.session().signOut();
        promptSignIn(m_client.session().serverUrl());
    });
    chat->addSeparator();
    QAction *quit = chat->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Chat"), this, [this] {
        QMessageBox::about(this, tr("About Chat"),
            tr("<b>Chat %1</b><p>A native Qt chat client with an optional built-in "
               "server.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

SignInDialog *MainWindow::promptSignIn(const QUrl &server, const QString &username)
{
    if (!m_signIn) {
        m_signIn = new SignInDialog(m_client.session(), this);
        m_signIn->setWindowModality(Qt::WindowModal);
        connect(m_signIn, &QDialog::rejected, this, [this] {
            if (!m_client.session().isSignedIn())
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

PrivacyDialog *MainWindow::showPrivacyDialog()
{
    if (!m_privacy) {
        m_privacy = new PrivacyDialog(m_client, this);
        m_privacy->setWindowModality(Qt::WindowModal);
    }
    m_privacy->show();
    m_privacy->raise();
    m_privacy->activateWindow();
    return m_privacy;
}

void MainWindow::updateConversationVisible()
{
    const bool visible = m_conversation->isShowingConversation() && isVisible() && !isMinimized()
        && isActiveWindow() && QGuiApplication::applicationState() == Qt::ApplicationActive;
    m_conversationVisible = visible;
    // Every time, not only on a change: a switch of conversation while visible counts too.
    m_client.setConversationVisible(visible);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange)
        updateConversationVisible();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    updateConversationVisible();
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    updateConversationVisible();
}

void MainWindow::openContactWhenListed(const QString &username)
{
    ContactListModel *contacts = m_client.contacts();
    for (int row = 0; row < contacts->rowCount(); ++row) {
        if (contacts->contactAt(row).user.username.compare(username, Qt::CaseInsensitive) == 0) {
            m_contactToOpen.clear();
            m_client.openContact(contacts->contactAt(row).user.id);
            syncSelection();
            return;
        }
    }
    m_contactToOpen = username;
}

void MainWindow::syncSelection()
{
    const int row = m_client.contacts()->rowOfUser(m_client.currentContactId());
    if (row < 0)
        return;
    const QModelIndex index = m_client.contacts()->index(row);
    if (m_contacts->currentIndex() != index)
        m_contacts->setCurrentIndex(index);
}

void MainWindow::updateTitle()
{
    const ChatSession &session = m_client.session();
    QString title = session.isSignedIn() ? tr("Chat — %1").arg(session.username()) : tr("Chat");
    if (const int unread = m_client.totalUnread(); session.isSignedIn() && unread > 0)
        title += u" (%1)"_s.arg(unread);
    setWindowTitle(title);
}

void MainWindow::updateStatus()
{
    const ChatSession &session = m_client.session();
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
    if (const int waiting = m_client.waitingCount(); waiting > 0)
        state += u"  ·  "_s
            + (waiting == 1 ? tr("1 message waiting") : tr("%1 messages waiting").arg(waiting));
    m_connection->setText(state);
    m_hosting->setVisible(m_host.isRunning());
    if (m_host.isRunning()) {
        const QStringList urls = m_host.shareableUrls();
        m_hosting->setText(tr("Hosting a server on port %1").arg(m_host.port()));
        m_hosting->setToolTip(urls.isEmpty() ? m_host.localUrl().toString()
                                             : tr("Others can join at:\n%1").arg(urls.join(u'\n')));
    }
}

void MainWindow::hostServer()
{
    auto started = m_host.start(QHostAddress::Any, 8420);
    if (!started) {
        QMessageBox::warning(this, tr("Cannot host a server"), started.error().message);
        return;
    }
    const QStringList urls = m_host.shareableUrls();
    QMessageBox::information(this, tr("Server running"),
        tr("This computer now hosts a chat server.\n\nOthers can join at:\n%1\n\n"
           "It runs as long as this window is open.")
            .arg(urls.isEmpty() ? started.value().toString() : urls.join(u'\n')));
    if (!m_client.session().isSignedIn())
        promptSignIn(started.value());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    event->accept();
}

} // namespace chat::ui
