#pragma once

#include <server/hub/peer.h>
#include <server/store/store.h>
#include <shared/actioncodec.h>
#include <shared/result.h>

#include <chrono>
#include <optional>

namespace chat::server {

class ChatService;

//! Changes of messages, the same for REST and WebSocket: editing and deleting one's own
//! messages (and an admin deleting anyone's in a group), reacting. Checks who may do it,
//! stores the change with its position, and sends it to the members who see the message.
class MessageActionService
{
public:
    struct Options
    {
        //! How long after sending a message may be edited; none: any time.
        std::optional<std::chrono::seconds> editWindow;
    };

    MessageActionService(Store &store, ChatService &chat, const Options &options);

    //! Each answers with the change as stored (for a retry, as first stored) and the
    //! message as it is now; `origin` (the acting peer, answered by the caller) is left
    //! out of the fan-out.
    [[nodiscard]] Result<Store::StoredUpdate> edit(
        const User &user, const json::EditRequest &request, PeerId origin);
    [[nodiscard]] Result<Store::StoredUpdate> remove(
        const User &user, const json::DeleteRequest &request, PeerId origin);
    [[nodiscard]] Result<Store::StoredUpdate> react(
        const User &user, const json::ReactRequest &request, PeerId origin);

private:
    struct Target
    {
        Store::MessageFacts message;
        Store::Membership membership;
    };
    //! The message, if the user is a member who sees it; NotFound otherwise, whether it
    //! exists or not.
    [[nodiscard]] Result<Target> target(const User &user, const json::MessageRef &ref) const;
    //! Why `user` may not make `change` to the target; none when they may.
    [[nodiscard]] std::optional<Error> refusal(
        const User &user, MessageUpdate::Kind change, const Target &target) const;
    [[nodiscard]] Result<Store::StoredUpdate> apply(
        const User &user, const json::MessageRef &ref, Store::UpdateRequest request, PeerId origin);

    Store &m_store;
    ChatService &m_chat;
    Options m_options;
};

} // namespace chat::server
