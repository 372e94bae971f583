#include "deferredresponder.h"

#include <server/http/currentconnection.h>
#include <server/logging.h>

namespace chat::server {

DeferredResponder::DeferredResponder(QHttpServerResponder &&responder, Finish finish)
    : m_responder(std::move(responder))
    , m_socket(CurrentConnection::socket())
    , m_finish(std::move(finish))
{ }

bool DeferredResponder::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool DeferredResponder::write(QHttpServerResponse &&response)
{
    if (m_written)
        return false;
    m_written = true;
    if (!isConnected()) {
        qCDebug(lcHttp) << "dropping an answer: its connection closed while it was prepared";
        return false;
    }
    if (m_finish)
        m_finish(response);
    response.write(std::move(m_responder));
    return true;
}

} // namespace chat::server
