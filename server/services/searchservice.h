#pragma once

#include <server/store/store.h>
#include <shared/protocol.h>
#include <shared/result.h>
#include <shared/wiretypes.h>

#include <optional>

namespace chat::server {

//! Full-text search over the messages a user may read (protocol §5.23): in the
//! conversations they are or were in, within what each membership saw. Turns what the
//! user typed into an FTS5 expression that cannot be a syntax error, and the marked
//! snippet into parts a client can render.
class SearchService
{
public:
    struct Query
    {
        QString text;
        std::optional<qint64> conversationId; //!< Only this conversation.
        std::optional<qint64> senderId; //!< Only this sender's messages.
        int offset = 0;
        int limit = protocol::limits::DefaultSearchPage;
    };

    explicit SearchService(Store &store);

    //! A page of hits, best first; InvalidField for a query with no word or too long,
    //! NotFound for a conversation the user never was in.
    [[nodiscard]] Result<SearchPage> search(const User &user, const Query &query) const;

    //! The words of what the user typed, as the search looks for them (Store::
    //! searchMessages): runs of letters, digits and combining marks; everything else
    //! separates them, so no input is query syntax of either engine.
    [[nodiscard]] static QStringList wordsOf(const QString &text);
    //! The snippet as parts, split at Store's match markers.
    [[nodiscard]] static QList<SnippetPart> snippetParts(const QString &marked);

private:
    Store &m_store;
};

} // namespace chat::server
