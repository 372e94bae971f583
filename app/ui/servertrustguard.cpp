#include "servertrustguard.h"

#include <client/network/tlstrust.h>
#include <ui/trustprompt.h>

#include <QTimer>
#include <QWidget>

namespace chat::ui {

ServerTrustGuard::ServerTrustGuard(
    client::TlsTrust &trust, QWidget *window, std::function<void()> retry)
    : QObject(window)
    , m_trust(trust)
    , m_window(window)
    , m_retry(std::move(retry))
{
    // Queued: the signals come from inside a socket's sslErrors handler, which must
    // return before anything modal runs.
    connect(&trust, &client::TlsTrust::confirmationNeeded, this, &ServerTrustGuard::ask,
        Qt::QueuedConnection);
    connect(
        &trust, &client::TlsTrust::certificateChanged, this,
        [this](const QString &hostPort, const QString &pinned, const QString &presented) {
            TrustPrompt::changedWarning(m_window, hostPort, pinned, presented);
        },
        Qt::QueuedConnection);
}

void ServerTrustGuard::ask(
    const QString &hostPort, const QSslCertificate &certificate, const QString &reason)
{
    if (m_prompt)
        return; // one question at a time; the next attempt asks again if still needed
    m_prompt = new TrustPrompt(hostPort, certificate, reason, m_window);
    m_prompt->setAttribute(Qt::WA_DeleteOnClose);
    m_prompt->setWindowModality(Qt::WindowModal);
    connect(m_prompt, &QDialog::accepted, this, [this, hostPort, certificate] {
        if (m_trust.pin(hostPort, certificate) && m_retry)
            m_retry();
    });
    m_prompt->open();
}

} // namespace chat::ui
