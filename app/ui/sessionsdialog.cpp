#include "sessionsdialog.h"

#include <client/account/sessionscontroller.h>

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace chat::ui {

namespace {
enum Column { ClientColumn, AddressColumn, SignedInColumn, LastUsedColumn, ActionColumn };

QString shortTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}
} // namespace

SessionsDialog::SessionsDialog(client::SessionsController &sessions, QWidget *parent)
    : QDialog(parent)
    , m_sessions(sessions)
    , m_list(new QTreeWidget(this))
    , m_status(new QLabel(this))
    , m_signOutOthers(new QPushButton(tr("Sign Out All &Others"), this))
{
    setWindowTitle(tr("Sessions"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Where your account is signed in. Sign out a session you do "
                                "not recognise, then change your password."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_list->setColumnCount(5);
    m_list->setHeaderLabels(
        { tr("App and device"), tr("Address"), tr("Signed in"), tr("Last used"), QString() });
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->header()->setSectionResizeMode(ClientColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    layout->addWidget(m_list, 1);

    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_signOutOthers, QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    resize(720, 320);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_signOutOthers, &QPushButton::clicked, this, [this] {
        setBusy(tr("Signing out the other sessions…"));
        m_sessions.signOutOthers();
    });
    connect(&m_sessions, &client::SessionsController::loaded, this, &SessionsDialog::showSessions);
    connect(&m_sessions, &client::SessionsController::notice, this, [this](const QString &text) {
        m_status->setText(text);
        m_list->setEnabled(true);
    });
}

QPushButton *SessionsDialog::signOutButton(int row) const
{
    QTreeWidgetItem *item = m_list->topLevelItem(row);
    return item ? qobject_cast<QPushButton *>(m_list->itemWidget(item, ActionColumn)) : nullptr;
}

QString SessionsDialog::statusText() const
{
    return m_status->text();
}

void SessionsDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    reload();
}

void SessionsDialog::reload()
{
    setBusy(tr("Loading…"));
    m_sessions.load();
}

void SessionsDialog::setBusy(const QString &status)
{
    m_status->setText(status);
    m_list->setEnabled(false);
    m_signOutOthers->setEnabled(false);
}

void SessionsDialog::showSessions(const QList<SessionInfo> &sessions)
{
    m_list->clear();
    for (const SessionInfo &session : sessions) {
        auto *item = new QTreeWidgetItem(m_list);
        const QString client = session.client.isEmpty() ? tr("Unknown app") : session.client;
        item->setText(ClientColumn, session.current ? tr("%1 (this window)").arg(client) : client);
        item->setToolTip(ClientColumn, client);
        item->setText(AddressColumn, session.address);
        item->setText(SignedInColumn, shortTime(session.createdAt));
        item->setText(LastUsedColumn, shortTime(session.lastUsedAt));
        if (session.current) {
            QFont bold = item->font(ClientColumn);
            bold.setBold(true);
            item->setFont(ClientColumn, bold);
            continue;
        }
        auto *signOut = new QPushButton(tr("Sign Out"), m_list);
        const qint64 id = session.id;
        connect(signOut, &QPushButton::clicked, this, [this, id] {
            setBusy(tr("Signing out…"));
            m_sessions.signOut(id);
        });
        m_list->setItemWidget(item, ActionColumn, signOut);
    }
    for (int column = AddressColumn; column <= ActionColumn; ++column)
        m_list->resizeColumnToContents(column);
    m_list->setEnabled(true);
    m_signOutOthers->setEnabled(sessions.size() > 1);
    m_status->setText(sessions.size() > 1 ? QString() : tr("No other session is signed in."));
}

} // namespace chat::ui
