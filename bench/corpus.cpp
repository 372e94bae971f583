#include "corpus.h"

#include "vocabulary.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace chat::bench {

using server::Store;

namespace {

//! The reader, 49 others, the group of all 50, and the reader's direct conversation with
//! each of the first 20 others. `senders[i]` are who write in conversation i.
Result<Corpus> makeConversations(
    Store &store, const QByteArray &readerPasswordHash, QList<QList<qint64>> &senders)
{
    Corpus corpus;
    for (int i = 0; i < 50; ++i) {
        auto user = store.createUser(u"user%1"_s.arg(i), i == 0 ? readerPasswordHash : "bench");
        if (!user)
            return user.error();
        corpus.users.append(user->id);
    }
    auto group = store.createGroup(
        corpus.users.at(0), u"bench-group"_s, u"Everyone"_s, {}, corpus.users.mid(1));
    if (!group)
        return group.error();
    corpus.conversations.append(group->conversationId);
    senders.append(corpus.users);
    for (int i = 1; i <= 20; ++i) {
        auto direct = store.openDirectConversation(corpus.users.at(0), corpus.users.at(i));
        if (!direct)
            return direct.error();
        corpus.conversations.append(direct->conversation.id);
        senders.append({ corpus.users.at(0), corpus.users.at(i) });
    }
    corpus.messageIds.resize(corpus.conversations.size());
    return corpus;
}

} // namespace

Result<Corpus> fillCorpus(Store &store, const CorpusOptions &options, const char *name)
{
    QList<QList<qint64>> senders;
    auto made = makeConversations(store, options.readerPasswordHash, senders);
    if (!made)
        return made.error();
    Corpus corpus = std::move(made.value());

    const Vocabulary vocabulary(20000);
    QRandomGenerator random(7);
    const auto pick = [&random](const auto &list) {
        return list.at(qsizetype(random.bounded(quint64(list.size()))));
    };
    QElapsedTimer fill;
    fill.start();
    int changes = 0; // client ids of the changes, apart from the messages'
    for (int done = 0; done < options.messages;) {
        QList<Store::NewMessage> batch;
        for (; batch.size() < options.batch && done < options.messages; ++done) {
            const int slot = int(random.bounded(qint64(corpus.conversations.size())));
            Store::NewMessage message { .conversationId = corpus.conversations.at(slot),
                .senderId = pick(senders.at(slot)),
                .clientId = u"b-%1"_s.arg(done),
                .body = vocabulary.text(random) };
            // A quote of one of the last thousand stored in the conversation.
            const QList<qint64> &earlier = corpus.messageIds.at(slot);
            if (options.replyEvery > 0 && !earlier.isEmpty()
                && random.bounded(options.replyEvery) == 0)
                message.replyTo = earlier.at(earlier.size() - 1
                    - qsizetype(
                        random.bounded(quint64(std::min<qsizetype>(earlier.size(), 1000)))));
            batch.append(message);
        }
        if (auto begun = store.beginTransaction(); !begun)
            return begun.error();
        auto stored = store.insertMessages(batch);
        if (!stored) {
            store.rollbackTransaction();
            return stored.error();
        }
        if (auto committed = store.commitTransaction(); !committed)
            return committed.error();
        QList<const Message *> written;
        for (const Store::StoredMessage &one : std::as_const(stored.value())) {
            const qsizetype slot = corpus.conversations.indexOf(one.message.conversationId);
            corpus.messageIds[slot].append(one.message.id);
            written.append(&one.message);
        }

        using Kind = MessageUpdate::Kind;
        for (int i = 0; i < options.reactionsPerBatch + options.editsPerBatch; ++i) {
            const Message &target = *pick(written);
            const bool reaction = i < options.reactionsPerBatch;
            const qsizetype slot = corpus.conversations.indexOf(target.conversationId);
            Store::UpdateRequest change { .kind = reaction ? Kind::ReactionAdded : Kind::Edited,
                .userId = reaction ? pick(senders.at(slot)) : target.senderId,
                .messageId = target.id,
                .clientId = u"c-%1"_s.arg(changes++),
                .body = reaction ? QString() : vocabulary.text(random),
                .emoji = reaction ? pick(QStringList { u"👍"_s, u"❤️"_s, u"😂"_s }) : QString() };
            if (auto applied = store.applyUpdate(change); !applied)
                return applied.error();
            ++(reaction ? corpus.reactions : corpus.edits);
        }
        if (done % 200000 == 0 || done == options.messages)
            std::fprintf(stderr, "%s: %d messages stored\n", name, done);
    }
    corpus.fillSeconds = double(fill.nsecsElapsed()) / 1e9;
    return corpus;
}

} // namespace chat::bench
