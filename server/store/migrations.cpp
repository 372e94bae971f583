#include "migrations.h"

#include <QStringList>

namespace chat::server {

using namespace Qt::StringLiterals;

// Each entry takes the schema from version (index) to version (index + 1).
// Append new migrations; never edit one that has shipped.
const sqlite::Migrations &migrationSteps()
{
    static const sqlite::Migrations steps {
        // 1: accounts, sessions, conversations with members, messages.
        {
            uR"(CREATE TABLE users (
                   id INTEGER PRIMARY KEY,
                   username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                   password_hash TEXT NOT NULL,
                   created_at INTEGER NOT NULL))"_s,
            // Tokens are stored as SHA-256 digests: a leaked database grants no session.
            uR"(CREATE TABLE sessions (
                   id INTEGER PRIMARY KEY,
                   token_hash BLOB NOT NULL UNIQUE,
                   user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                   created_at INTEGER NOT NULL,
                   expires_at INTEGER NOT NULL))"_s,
            u"CREATE INDEX sessions_by_user ON sessions(user_id)"_s,
            // direct_key ("<lower id>:<higher id>") makes the one-to-one conversation of a
            // pair unique; group conversations (a later kind) leave it NULL.
            uR"(CREATE TABLE conversations (
                   id INTEGER PRIMARY KEY,
                   kind TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
                   direct_key TEXT UNIQUE,
                   title TEXT,
                   created_at INTEGER NOT NULL))"_s,
            uR"(CREATE TABLE conversation_members (
                   conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                   user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                   joined_at INTEGER NOT NULL,
                   PRIMARY KEY (conversation_id, user_id)) WITHOUT ROWID)"_s,
            u"CREATE INDEX members_by_user ON conversation_members(user_id, conversation_id)"_s,
            // AUTOINCREMENT: ids are never reused, so a message id is a stable resume cursor.
            // UNIQUE(sender_id, client_id) is what makes a retried send create nothing.
            uR"(CREATE TABLE messages (
                   id INTEGER PRIMARY KEY AUTOINCREMENT,
                   conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                   sender_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                   client_id TEXT NOT NULL,
                   body TEXT NOT NULL,
                   created_at INTEGER NOT NULL,
                   UNIQUE (sender_id, client_id)))"_s,
            u"CREATE INDEX messages_by_conversation ON messages(conversation_id, id)"_s,
        },
        // 2: read and delivered positions, privacy settings, last seen.
        {
            // Positions only move forward: writers store max(old, new).
            uR"(CREATE TABLE read_positions (
                   user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                   conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                   last_read_id INTEGER NOT NULL,
                   PRIMARY KEY (user_id, conversation_id)) WITHOUT ROWID)"_s,
            uR"(CREATE TABLE delivered_positions (
                   user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                   conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                   last_delivered_id INTEGER NOT NULL,
                   PRIMARY KEY (user_id, conversation_id)) WITHOUT ROWID)"_s,
            // A user without a row shares everything (the defaults).
            uR"(CREATE TABLE user_settings (
                   user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                   share_typing INTEGER NOT NULL DEFAULT 1,
                   share_receipts INTEGER NOT NULL DEFAULT 1,
                   share_presence INTEGER NOT NULL DEFAULT 1))"_s,
            // Milliseconds since the epoch, UTC; NULL until the user's last socket closes.
            u"ALTER TABLE users ADD COLUMN last_seen_at INTEGER"_s,
            // Unread counts: messages of one sender in one conversation past a position.
            u"CREATE INDEX messages_by_conversation_sender "
            u"ON messages(conversation_id, sender_id, id)"_s,
        },
        // 3: groups (title, topic, roles), membership over time, timeline events, mute,
        // and being findable in the directory.
        {
            u"ALTER TABLE conversations ADD COLUMN topic TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE conversations ADD COLUMN created_by INTEGER "
            u"REFERENCES users(id) ON DELETE SET NULL"_s,
            // The creator's id for a group: a retried create finds the first one.
            u"ALTER TABLE conversations ADD COLUMN client_id TEXT"_s,
            u"CREATE UNIQUE INDEX conversations_by_creator_request "
            u"ON conversations(created_by, client_id) WHERE client_id IS NOT NULL"_s,
            u"ALTER TABLE conversation_members ADD COLUMN role TEXT NOT NULL DEFAULT 'member' "
            u"CHECK (role IN ('member', 'admin', 'owner'))"_s,
            // What a member sees of the timeline: from first_visible_id (the event that
            // added them; 0 for the founders) to left_at_id (the event that removed them,
            // or their leaving), NULL while they are a member.
            u"ALTER TABLE conversation_members ADD COLUMN first_visible_id INTEGER NOT NULL "
            u"DEFAULT 0"_s,
            u"ALTER TABLE conversation_members ADD COLUMN left_at_id INTEGER"_s,
            u"ALTER TABLE conversation_members ADD COLUMN muted INTEGER NOT NULL DEFAULT 0"_s,
            // A change of the conversation (JSON of protocol §4.3) instead of a text.
            u"ALTER TABLE messages ADD COLUMN event TEXT"_s,
            u"ALTER TABLE user_settings ADD COLUMN findable INTEGER NOT NULL DEFAULT 1"_s,
        },
        // 4: full-text search over the texts of messages (system entries are not text).
        // An external-content FTS5 index: the body lives once, in messages; triggers keep
        // the index in step with every insert, change and deletion of a text, so an erased
        // body leaves no searchable trace. unicode61 with diacritics removed folds case
        // and accents ("cafe" finds "Café").
        {
            uR"(CREATE VIRTUAL TABLE message_search USING fts5(
                   body, content='messages', content_rowid='id',
                   tokenize='unicode61 remove_diacritics 2'))"_s,
            uR"(CREATE TRIGGER message_search_insert AFTER INSERT ON messages
                   WHEN new.event IS NULL BEGIN
                   INSERT INTO message_search(rowid, body) VALUES (new.id, new.body);
               END)"_s,
            uR"(CREATE TRIGGER message_search_delete AFTER DELETE ON messages
                   WHEN old.event IS NULL BEGIN
                   INSERT INTO message_search(message_search, rowid, body)
                       VALUES ('delete', old.id, old.body);
               END)"_s,
            uR"(CREATE TRIGGER message_search_update AFTER UPDATE OF body ON messages
                   WHEN old.event IS NULL BEGIN
                   INSERT INTO message_search(message_search, rowid, body)
                       VALUES ('delete', old.id, old.body);
                   INSERT INTO message_search(rowid, body) VALUES (new.id, new.body);
               END)"_s,
            u"INSERT INTO message_search(rowid, body) "
            u"SELECT id, body FROM messages WHERE event IS NULL"_s,
        },
        // 5: replies, edits, deletion for everyone, reactions. A change of a message is a
        // row of messages too (action and target_id set), so it takes a position from the
        // same sequence and is replayed on resume like a message; the message itself
        // holds its state now. Only the current text is kept: an edit overwrites it, a
        // deletion empties it (and the triggers of step 4 take it out of the index).
        {
            u"ALTER TABLE messages ADD COLUMN reply_to_id INTEGER"_s,
            u"ALTER TABLE messages ADD COLUMN edited_at INTEGER"_s,
            u"ALTER TABLE messages ADD COLUMN deleted_at INTEGER"_s,
            u"ALTER TABLE messages ADD COLUMN action TEXT "
            u"CHECK (action IN ('edit', 'delete', 'react', 'unreact'))"_s,
            u"ALTER TABLE messages ADD COLUMN target_id INTEGER"_s,
            uR"(CREATE TABLE reactions (
                   message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                   user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                   emoji TEXT NOT NULL,
                   created_at INTEGER NOT NULL,
                   PRIMARY KEY (message_id, user_id, emoji)) WITHOUT ROWID)"_s,
            // Changes carry no text to search (a reaction's emoji is in body).
            u"DROP TRIGGER message_search_insert"_s,
            uR"(CREATE TRIGGER message_search_insert AFTER INSERT ON messages
                   WHEN new.event IS NULL AND new.action IS NULL BEGIN
                   INSERT INTO message_search(rowid, body) VALUES (new.id, new.body);
               END)"_s,
            u"DROP TRIGGER message_search_delete"_s,
            uR"(CREATE TRIGGER message_search_delete AFTER DELETE ON messages
                   WHEN old.event IS NULL AND old.action IS NULL BEGIN
                   INSERT INTO message_search(message_search, rowid, body)
                       VALUES ('delete', old.id, old.body);
               END)"_s,
            u"DROP TRIGGER message_search_update"_s,
            uR"(CREATE TRIGGER message_search_update AFTER UPDATE OF body ON messages
                   WHEN old.event IS NULL AND old.action IS NULL BEGIN
                   INSERT INTO message_search(message_search, rowid, body)
                       VALUES ('delete', old.id, old.body);
                   INSERT INTO message_search(rowid, body) VALUES (new.id, new.body);
               END)"_s,
        },
        // 6: running chatd as a service. An account an administrator disabled (`chatd user
        // disable`) keeps its name and its messages; disabled_at (milliseconds since the
        // epoch, UTC) refuses its logins, NULL while it may sign in. health_check is what
        // GET /healthz writes to (and rolls back): a probe that touches no one's data.
        {
            u"ALTER TABLE users ADD COLUMN disabled_at INTEGER"_s,
            u"CREATE TABLE health_check (id INTEGER PRIMARY KEY CHECK (id = 1), "
            u"checked_at INTEGER NOT NULL)"_s,
        },
        // 7: sessions their owner can list and revoke. last_used_at (ms, UTC; NULL for
        // sessions made before: their created_at stands in) ends a session left idle;
        // client (the login's User-Agent) and address tell one session from another.
        {
            u"ALTER TABLE sessions ADD COLUMN last_used_at INTEGER"_s,
            u"ALTER TABLE sessions ADD COLUMN client TEXT"_s,
            u"ALTER TABLE sessions ADD COLUMN address TEXT"_s,
        },
        // 8: unread counts by subtraction instead of by counting rows. A text (a row that
        // is neither a system entry nor a change of a message: the only rows that can be
        // unread) carries its ordinal among the texts of its conversation (text_ordinal)
        // and among its sender's texts there (sender_ordinal); the other rows leave both
        // NULL. The number of texts in a range of ids is then the difference of two
        // ordinals, each one seek in a partial index that covers it (Store::
        // conversationEntries, contactStates). Ordinals never change once written: no
        // counter follows read positions or membership, so nothing can drift.
        {
            u"ALTER TABLE messages ADD COLUMN text_ordinal INTEGER"_s,
            u"ALTER TABLE messages ADD COLUMN sender_ordinal INTEGER"_s,
            u"UPDATE messages SET text_ordinal = numbered.text_ordinal, "
            u"sender_ordinal = numbered.sender_ordinal FROM "
            u"(SELECT id, row_number() OVER (PARTITION BY conversation_id ORDER BY id) "
            u"   AS text_ordinal, "
            u" row_number() OVER (PARTITION BY conversation_id, sender_id ORDER BY id) "
            u"   AS sender_ordinal "
            u" FROM messages WHERE event IS NULL AND action IS NULL) AS numbered "
            u"WHERE messages.id = numbered.id"_s,
            u"CREATE INDEX messages_text_ordinals ON messages(conversation_id, id, text_ordinal) "
            u"WHERE event IS NULL AND action IS NULL"_s,
            u"CREATE INDEX messages_sender_ordinals "
            u"ON messages(conversation_id, sender_id, id, sender_ordinal) "
            u"WHERE event IS NULL AND action IS NULL"_s,
        },
        // 9: new texts enter the search index by Store::insertMessages, one statement per
        // batch, in the batch's transaction, instead of by a trigger per row: FTS5 writes
        // its pending terms out as a new index segment at every statement boundary inside
        // a transaction, so a trigger per row cost a segment (and its merging) per message,
        // a third of the writer's time under load. The triggers for changes and deletions
        // stay: those are single rows. The index of step 2 for counting one sender's
        // messages went out of use with step 8's ordinals: one index fewer to write per
        // message.
        {
            u"DROP TRIGGER message_search_insert"_s,
            u"DROP INDEX messages_by_conversation_sender"_s,
        },
    };
    return steps;
}

int latestSchemaVersion()
{
    return int(migrationSteps().size());
}

} // namespace chat::server
