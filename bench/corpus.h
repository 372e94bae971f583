#pragma once

#include <server/store/store.h>
#include <shared/result.h>

#include <QByteArray>
#include <QList>

namespace chat::bench {

//! What a bench's store holds once filled: one reader (users[0]) in one group of 50 and
//! 20 direct conversations, and N messages spread evenly over the 21 of them.
struct Corpus
{
    QList<qint64> users; //!< users[0] is the reader, a member of every conversation.
    QList<qint64> conversations; //!< The group first, then the direct conversations.
    QList<QList<qint64>> messageIds; //!< Per conversation, oldest first.
    int reactions = 0; //!< Changes of messages made among them (see CorpusOptions).
    int edits = 0;
    double fillSeconds = 0; //!< The messages and their changes, users aside.
};

struct CorpusOptions
{
    int messages = 1'000'000;
    //! Messages per insertMessages() call, each in its own transaction.
    int batch = 5000;
    //! The reader's stored password hash: a real one when chatd must let them sign in.
    QByteArray readerPasswordHash = "bench";
    //! One message in this many quotes an earlier one of its conversation (0: none).
    int replyEvery = 0;
    //! After each batch, reactions to and an edit of its messages, each through
    //! Store::applyUpdate in a transaction of its own as the server stores them.
    int reactionsPerBatch = 0;
    int editsPerBatch = 0;
};

//! Fills an open, empty store: texts of 3–17 words of a Vocabulary, written through the
//! server's Store::insertMessages() (and so indexed for search as the server's batches
//! are). In the group anyone of the 50 writes, in a direct conversation either side.
//! Progress goes to stderr, prefixed with `name`.
[[nodiscard]] Result<Corpus> fillCorpus(
    server::Store &store, const CorpusOptions &options, const char *name);

} // namespace chat::bench
