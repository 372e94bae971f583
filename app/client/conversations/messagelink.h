#pragma once

#include <QUrl>

#include <optional>

namespace chat::client {

//! A link to one message, to paste anywhere and open in the app:
//! `chat://<server host>:<port>/conversations/<id>/messages/<id>` (`chats://` when the
//! server speaks HTTPS). It names the server, so a link from another server is never
//! taken for one of ours; it grants nothing: only members see the message.
struct MessageLink
{
    qint64 conversationId = 0;
    qint64 messageId = 0;

    //! The link to this message on `serverUrl`.
    [[nodiscard]] QUrl toUrl(const QUrl &serverUrl) const;
    //! The message `url` points to, if it is a message link to `serverUrl`.
    [[nodiscard]] static std::optional<MessageLink> fromUrl(const QUrl &url, const QUrl &serverUrl);

    friend bool operator==(const MessageLink &, const MessageLink &) = default;
};

} // namespace chat::client
