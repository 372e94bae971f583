#include "sessiontransport.h"

#include <client/network/chatsession.h>
#include <client/network/messageactionsapi.h>
#include <shared/frames.h>

namespace chat::client {

SessionTransport::SessionTransport(ChatSession &session, QObject *parent)
    : OperationTransport(parent)
    , m_session(session)
{
    connect(&m_session, &ChatSession::acked, this,
        [this](const QString &requestId, const Message &message, bool) {
            Q_EMIT stored(requestId, message);
        });
    connect(&m_session, &ChatSession::requestFailed, this, &OperationTransport::failed);
    connect(&m_session, &ChatSession::messageReceived, this, [this](const Message &message) {
        // Only our own: anyone may pick any client id for their own messages.
        if (message.senderId == m_session.user().id && !message.clientId.isEmpty())
            Q_EMIT stored(message.clientId, message);
    });
    connect(&m_session, &ChatSession::actionAcked, this,
        [this](const QString &requestId, const MessageUpdate &update, bool) {
            Q_EMIT applied(requestId, update);
        });
    connect(&m_session, &ChatSession::updateReceived, this, [this](const MessageUpdate &update) {
        if (update.userId == m_session.user().id && !update.clientId.isEmpty())
            Q_EMIT applied(update.clientId, update);
    });
    // Live once `ready` came, so the replay (which may hold our copies) is in first.
    connect(&m_session, &ChatSession::wentLive, this, [this] { Q_EMIT liveChanged(true); });
    connect(&m_session, &ChatSession::connectionStateChanged, this,
        [this](LiveConnection::State state) {
            if (state != LiveConnection::State::Online)
                Q_EMIT liveChanged(false);
        });
}

bool SessionTransport::isLive() const
{
    return m_session.connectionState() == LiveConnection::State::Online;
}

OperationTransport::Route SessionTransport::dispatch(const OutgoingOperation &operation)
{
    // Each kind is a frame and a REST call of its own.
    switch (operation.kind) {
    case OutgoingOperation::Kind::Send:
        return sendMessage(operation.sendRequest());
    case OutgoingOperation::Kind::Edit:
        return changeMessage(frames::Edit { operation.clientId, operation.editRequest() },
            [request = operation.editRequest()](
                MessageActionsApi api, auto done) { api.edit(request, std::move(done)); });
    case OutgoingOperation::Kind::Delete:
        return changeMessage(frames::Delete { operation.clientId, operation.deleteRequest() },
            [request = operation.deleteRequest()](
                MessageActionsApi api, auto done) { api.remove(request, std::move(done)); });
    case OutgoingOperation::Kind::React:
    case OutgoingOperation::Kind::Unreact:
        return changeMessage(frames::React { operation.clientId, operation.reactRequest() },
            [request = operation.reactRequest()](
                MessageActionsApi api, auto done) { api.react(request, std::move(done)); });
    }
    Q_UNREACHABLE();
    return Route::Rest;
}

OperationTransport::Route SessionTransport::sendMessage(const json::SendRequest &request)
{
    if (m_session.liveConnection().send(frames::Send { request.clientId, request }))
        return Route::Socket;
    // The reply may come after this transport is gone (the app closing).
    m_session.api().sendMessage(request,
        whileAlive<ApiClient::SendOutcome>(
            this, [this, clientId = request.clientId](Result<ApiClient::SendOutcome> outcome) {
                if (outcome)
                    Q_EMIT stored(clientId, outcome->message);
                else
                    Q_EMIT failed(clientId, outcome.error());
            }));
    return Route::Rest;
}

template<typename Frame, typename Rest>
OperationTransport::Route SessionTransport::changeMessage(const Frame &frame, Rest overRest)
{
    if (m_session.liveConnection().send(frame))
        return Route::Socket;
    overRest(MessageActionsApi(m_session.api()),
        whileAlive<MessageActionsApi::Outcome>(
            this, [this, clientId = frame.requestId](Result<MessageActionsApi::Outcome> outcome) {
                if (outcome)
                    Q_EMIT applied(clientId, outcome->update);
                else
                    Q_EMIT failed(clientId, outcome.error());
            }));
    return Route::Rest;
}

} // namespace chat::client
