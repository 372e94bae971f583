#include "hostingstatus.h"

#include <client/network/chatsession.h>
#include <client/network/tlstrust.h>
#include <host/localserverhost.h>

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>

namespace chat::ui {

using namespace Qt::StringLiterals;
using client::ChatSession;

HostingStatus::HostingStatus(
    host::LocalServerHost &host, client::ChatSession &session, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_session(session)
    , m_label(new QLabel(this))
    , m_copy(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_copy);
    m_copy->setText(tr("Copy Invitation Link"));
    m_copy->setAutoRaise(true);
    connect(m_copy, &QToolButton::clicked, this, &HostingStatus::copyInvitation);

    connect(&m_host, &host::LocalServerHost::runningChanged, this, &HostingStatus::refresh);
    connect(&m_host, &host::LocalServerHost::connectionCountChanged, this, &HostingStatus::refresh);
    connect(&m_session, &ChatSession::connectionStateChanged, this, &HostingStatus::refresh);
    connect(&m_session, &ChatSession::signedInChanged, this, &HostingStatus::refresh);
    refresh();
}

int HostingStatus::othersConnected() const
{
    // Our own socket, when this app is signed in to the server it hosts, is not someone
    // the question is about.
    const bool ownConnected = m_session.connectionState() == ChatSession::ConnectionState::Online
        && m_session.serverUrl().port() == m_host.port()
        && m_session.serverUrl().host() == m_host.localUrl().host();
    return std::max(0, m_host.connectionCount() - (ownConnected ? 1 : 0));
}

QString HostingStatus::text() const
{
    return m_label->text();
}

void HostingStatus::refresh()
{
    setVisible(m_host.isRunning());
    if (!m_host.isRunning())
        return;
    const QStringList urls = m_host.shareableUrls();
    const QString where
        = urls.isEmpty() ? m_host.localUrl().authority() : QUrl(urls.first()).authority();
    QString text = tr("Hosting at %1").arg(where);
    if (const int others = othersConnected(); others > 0)
        text += u"  ·  "_s + tr("%n connected", nullptr, others);
    m_label->setText(text);
    QString tip = urls.isEmpty()
        ? tr("Only this computer can join: the server listens on %1.")
              .arg(m_host.localUrl().toString())
        : tr("Others on your network can join at:\n%1").arg(urls.join(u'\n'));
    if (!m_host.certificate().isNull()) {
        // What the others' apps show them on first contact, to compare.
        tip += u"\n\n"_s
            + tr("Encrypted (TLS). Certificate SHA-256 fingerprint:\n%1")
                  .arg(client::TlsTrust::fingerprint(m_host.certificate()));
    }
    m_label->setToolTip(tip);
    m_copy->setToolTip(tr("Copies %1: others paste it as the server when they sign in.")
                           .arg(m_host.invitationLink()));
}

bool HostingStatus::copyInvitation()
{
    const QString link = m_host.invitationLink();
    if (link.isEmpty())
        return false;
    QApplication::clipboard()->setText(link);
    return true;
}

bool HostingStatus::confirmStop(QWidget *parent)
{
    const int others = othersConnected();
    if (!m_host.isRunning() || others == 0)
        return true;
    QMessageBox question(QMessageBox::Warning, tr("Stop the server?"),
        tr("%n other client(s) connected to the server this window hosts.", nullptr, others),
        QMessageBox::Cancel, parent);
    question.setInformativeText(
        tr("Quitting stops the server: they are disconnected until it runs again."));
    QPushButton *stop = question.addButton(tr("Stop Server and Quit"), QMessageBox::AcceptRole);
    question.setDefaultButton(QMessageBox::Cancel);
    question.setWindowModality(Qt::WindowModal);
    question.exec();
    return question.clickedButton() == stop;
}

} // namespace chat::ui
