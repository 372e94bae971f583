#pragma once

#include <client/outgoing/operationtransport.h>

namespace chat::client {

class ChatSession;

//! The outgoing queue's way to the server through a ChatSession: each operation goes as
//! a socket frame while the socket is live (the frame's request id is the client id, so
//! the ack or error names it), and as a REST call otherwise. The server's copy of one of
//! our own messages or changes arriving on the socket (an echo, a replay) counts as its
//! verdict too.
class SessionTransport : public OperationTransport
{
    Q_OBJECT
public:
    //! `session` must outlive the transport.
    explicit SessionTransport(ChatSession &session, QObject *parent = nullptr);

    Route dispatch(const OutgoingOperation &operation) override;
    [[nodiscard]] bool isLive() const override;

private:
    Route sendMessage(const json::SendRequest &request);
    //! An edit, deletion or reaction: `frame` on the socket, or `overRest` when it is down.
    template<typename Frame, typename Rest> Route changeMessage(const Frame &frame, Rest overRest);

    ChatSession &m_session;
};

} // namespace chat::client
