#include "jsoncodec.h"

#include <shared/actioncodec.h>
#include <shared/codecfields.h>
#include <shared/conversationcodec.h>
#include <shared/protocol.h>
#include <shared/validation.h>

#include <QJsonArray>

#include <chrono>
#include <limits>

namespace chat::json {

using namespace Qt::StringLiterals;
using namespace chat::codec;
namespace limits = protocol::limits;

QString encodeTime(const QDateTime &time)
{
    // The text of QDateTime::toString(Qt::ISODateWithMs) in UTC, written from the
    // milliseconds: Qt's general formatter was a tenth of the CPU of sending a message or
    // a history page. Years outside 1..9999 (which no message has) are left to Qt.
    using namespace std::chrono;
    if (!time.isValid())
        return time.toUTC().toString(Qt::ISODateWithMs);
    const sys_time<milliseconds> point { milliseconds(time.toMSecsSinceEpoch()) };
    const sys_days day = floor<days>(point);
    const year_month_day date { day };
    if (date.year() < year(1) || date.year() > year(9999))
        return time.toUTC().toString(Qt::ISODateWithMs);
    const hh_mm_ss clock { point - day };
    char text[] = "YYYY-MM-DDTHH:MM:SS.mmmZ";
    const auto put = [&text](int at, int width, long long value) {
        for (int i = at + width - 1; i >= at; --i, value /= 10)
            text[i] = char('0' + value % 10);
    };
    put(0, 4, int(date.year()));
    put(5, 2, unsigned(date.month()));
    put(8, 2, unsigned(date.day()));
    put(11, 2, clock.hours().count());
    put(14, 2, clock.minutes().count());
    put(17, 2, clock.seconds().count());
    put(20, 3, clock.subseconds().count());
    return QString::fromLatin1(text, sizeof(text) - 1);
}

QJsonObject encode(const User &user)
{
    return { { u"id"_s, user.id }, { u"username"_s, user.username } };
}

QJsonObject encode(const Message &message)
{
    QJsonObject object {
        { u"id"_s, message.id },
        { u"conversationId"_s, message.conversationId },
        { u"senderId"_s, message.senderId },
        { u"senderName"_s, message.senderName },
        { u"clientId"_s, message.clientId },
        { u"body"_s, message.body },
        { u"createdAt"_s, encodeTime(message.createdAt) },
        { u"kind"_s, message.event ? u"system"_s : u"text"_s },
        { u"event"_s, message.event ? QJsonValue(encode(*message.event)) : QJsonValue() },
    };
    encodeMessageState(message, object);
    return object;
}

QJsonObject encode(const Conversation &conversation)
{
    QJsonArray members;
    for (const Member &member : conversation.members)
        members.append(encode(member));
    return {
        { u"id"_s, conversation.id },
        { u"kind"_s, kindName(conversation.kind) },
        { u"title"_s, conversation.title },
        { u"topic"_s, conversation.topic },
        { u"members"_s, members },
    };
}

QJsonObject encode(const Contact &contact)
{
    return {
        { u"user"_s, encode(contact.user) },
        { u"conversationId"_s,
            contact.conversationId ? QJsonValue(contact.conversationId) : QJsonValue() },
        { u"lastMessage"_s,
            contact.lastMessage ? QJsonValue(encode(*contact.lastMessage)) : QJsonValue() },
        { u"unread"_s, contact.unread },
        { u"readUpTo"_s, contact.readUpTo },
        { u"theirReadUpTo"_s, contact.theirReadUpTo },
        { u"theirDeliveredUpTo"_s, contact.theirDeliveredUpTo },
        { u"online"_s, contact.online },
        { u"lastSeenAt"_s,
            contact.lastSeenAt ? QJsonValue(encodeTime(*contact.lastSeenAt)) : QJsonValue() },
    };
}

QJsonObject encode(const Settings &settings)
{
    return {
        { u"shareTyping"_s, settings.shareTyping },
        { u"shareReceipts"_s, settings.shareReceipts },
        { u"sharePresence"_s, settings.sharePresence },
        { u"findable"_s, settings.findable },
    };
}

QJsonObject encode(const Session &session)
{
    return {
        { u"token"_s, session.token },
        { u"user"_s, encode(session.user) },
        { u"expiresAt"_s, encodeTime(session.expiresAt) },
    };
}

QJsonObject encode(const HistoryPage &page)
{
    QJsonArray messages;
    for (const Message &message : page.messages)
        messages.append(encode(message));
    QJsonObject object { { u"messages"_s, messages }, { u"hasMore"_s, page.hasMore } };
    if (page.hasNewer)
        object.insert(u"hasNewer"_s, *page.hasNewer);
    return object;
}

Result<User> decodeUser(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto id = reader.integer(u"id"_s, 1, MaxId);
    const auto username = reader.string(u"username"_s, limits::MaxUsernameLength);
    if (!reader.ok())
        return reader.error();
    return User { *id, *username };
}

Result<Message> decodeMessage(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto id = reader.integer(u"id"_s, 1, MaxId);
    const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxId);
    const auto senderId = reader.integer(u"senderId"_s, 1, MaxId);
    const auto senderName = reader.string(u"senderName"_s, limits::MaxUsernameLength);
    const auto clientId = reader.string(u"clientId"_s, limits::MaxClientIdLength);
    const auto body = reader.string(u"body"_s, AnyText);
    const auto createdAt = readTime(reader, u"createdAt"_s);
    if (!reader.ok())
        return reader.error();
    Message message { *id, *conversationId, *senderId, *senderName, *clientId, *body, *createdAt };
    // A text message has "kind":"text" and "event":null; a change has "system" and the event.
    const auto kind = reader.string(u"kind"_s, 16);
    if (!reader.ok())
        return reader.error();
    if (*kind != u"text" && *kind != u"system")
        return Error { ErrorCode::InvalidField, u"'kind' must be \"text\" or \"system\""_s,
            u"kind"_s };
    const QJsonValue event = object.value(u"event"_s);
    if (event.isObject() && *kind == u"system") {
        auto decoded = decodeSystemEvent(event.toObject());
        if (!decoded)
            return Error { ErrorCode::InvalidField, decoded.error().message, u"event"_s };
        message.event = decoded.value();
    } else if (!event.isNull() || *kind != u"text") {
        return Error { ErrorCode::InvalidField,
            u"'event' must be null for a text message and an object for a system one"_s,
            u"event"_s };
    }
    if (auto state = decodeMessageState(object, message); !state)
        return state.error();
    return message;
}

Result<Conversation> decodeConversation(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto id = reader.integer(u"id"_s, 1, MaxId);
    const auto members = readList<Member>(reader, u"members"_s, decodeMember);
    if (!reader.ok())
        return reader.error();
    const auto kind = reader.string(u"kind"_s, 16);
    const auto title = reader.string(u"title"_s, AnyText);
    const auto topic = reader.string(u"topic"_s, AnyText);
    if (!reader.ok())
        return reader.error();
    const auto decodedKind = conversationKindFromName(*kind);
    if (!decodedKind)
        return Error { ErrorCode::InvalidField, u"unknown conversation kind"_s, u"kind"_s };
    return Conversation { *id, *members, *decodedKind, *title, *topic };
}

Result<Contact> decodeContact(const QJsonObject &object)
{
    FieldReader reader(object);
    Contact contact;
    const auto user = reader.object(u"user"_s);
    if (!reader.ok())
        return reader.error();
    auto decodedUser = decodeUser(*user);
    if (!decodedUser)
        return decodedUser.error();
    contact.user = decodedUser.value();

    if (!object.value(u"conversationId"_s).isNull()) {
        const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxId);
        if (!reader.ok())
            return reader.error();
        contact.conversationId = *conversationId;
    }
    const QJsonValue last = object.value(u"lastMessage"_s);
    if (last.isObject()) {
        auto message = decodeMessage(last.toObject());
        if (!message)
            return message.error();
        contact.lastMessage = message.value();
    } else if (!last.isNull() && !last.isUndefined()) {
        return Error { ErrorCode::InvalidField, u"'lastMessage' must be an object or null"_s,
            u"lastMessage"_s };
    }

    // Awareness fields: optional (servers before them leave them out), strict when present.
    const auto present = [&object](const QString &name) {
        return !object.value(name).isUndefined();
    };
    const auto readCount = [&](const QString &name, qint64 &into) {
        if (present(name)) {
            if (const auto value = reader.integer(name, 0, MaxId))
                into = *value;
        }
    };
    readCount(u"unread"_s, contact.unread);
    readCount(u"readUpTo"_s, contact.readUpTo);
    readCount(u"theirReadUpTo"_s, contact.theirReadUpTo);
    readCount(u"theirDeliveredUpTo"_s, contact.theirDeliveredUpTo);
    if (present(u"online"_s)) {
        if (const auto online = reader.boolean(u"online"_s))
            contact.online = *online;
    }
    if (present(u"lastSeenAt"_s) && !object.value(u"lastSeenAt"_s).isNull())
        contact.lastSeenAt = readTime(reader, u"lastSeenAt"_s);
    if (!reader.ok())
        return reader.error();
    return contact;
}

Result<QList<Contact>> decodeContactList(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto contacts = readList<Contact>(reader, u"contacts"_s, decodeContact);
    if (!reader.ok())
        return reader.error();
    return *contacts;
}

Result<Session> decodeSession(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto token = reader.string(u"token"_s, 256);
    const auto user = reader.object(u"user"_s);
    const auto expiresAt = readTime(reader, u"expiresAt"_s);
    if (!reader.ok())
        return reader.error();
    auto decodedUser = decodeUser(*user);
    if (!decodedUser)
        return decodedUser.error();
    return Session { *token, decodedUser.value(), *expiresAt };
}

Result<HistoryPage> decodeHistoryPage(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto messages = readList<Message>(reader, u"messages"_s, decodeMessage);
    const auto hasMore = reader.boolean(u"hasMore"_s);
    std::optional<bool> hasNewer;
    if (object.contains(u"hasNewer"_s))
        hasNewer = reader.boolean(u"hasNewer"_s);
    if (!reader.ok())
        return reader.error();
    return HistoryPage { *messages, *hasMore, hasNewer };
}

Result<Settings> decodeSettings(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto typing = reader.boolean(u"shareTyping"_s);
    const auto receipts = reader.boolean(u"shareReceipts"_s);
    const auto presence = reader.boolean(u"sharePresence"_s);
    // Version 1 servers have no directory, and so no "findable".
    const auto findable = object.value(u"findable"_s).isUndefined() ? std::optional<bool>(true)
                                                                    : reader.boolean(u"findable"_s);
    if (!reader.ok())
        return reader.error();
    return Settings { .shareTyping = *typing,
        .shareReceipts = *receipts,
        .sharePresence = *presence,
        .findable = *findable };
}

QJsonObject encode(const SettingsUpdate &update)
{
    QJsonObject object;
    if (update.shareTyping)
        object.insert(u"shareTyping"_s, *update.shareTyping);
    if (update.shareReceipts)
        object.insert(u"shareReceipts"_s, *update.shareReceipts);
    if (update.sharePresence)
        object.insert(u"sharePresence"_s, *update.sharePresence);
    if (update.findable)
        object.insert(u"findable"_s, *update.findable);
    return object;
}

Result<SettingsUpdate> decodeSettingsUpdate(const QJsonObject &object)
{
    static const QStringList known { u"shareTyping"_s, u"shareReceipts"_s, u"sharePresence"_s,
        u"findable"_s };
    for (auto it = object.begin(); it != object.end(); ++it) {
        // A misspelt name would otherwise change nothing, silently.
        if (!known.contains(it.key())) {
            return Error { ErrorCode::InvalidField, u"unknown setting '%1'"_s.arg(it.key()),
                it.key() };
        }
    }
    if (object.isEmpty()) {
        return Error { ErrorCode::InvalidField,
            u"name at least one of shareTyping, shareReceipts, sharePresence, findable"_s };
    }
    FieldReader reader(object);
    SettingsUpdate update;
    for (const QString &name : known) {
        if (object.value(name).isUndefined())
            continue;
        const auto value = reader.boolean(name);
        if (!reader.ok())
            return reader.error();
        if (name == u"shareTyping")
            update.shareTyping = *value;
        else if (name == u"shareReceipts")
            update.shareReceipts = *value;
        else if (name == u"sharePresence")
            update.sharePresence = *value;
        else
            update.findable = *value;
    }
    return update;
}

Settings SettingsUpdate::appliedTo(Settings settings) const
{
    settings.shareTyping = shareTyping.value_or(settings.shareTyping);
    settings.shareReceipts = shareReceipts.value_or(settings.shareReceipts);
    settings.sharePresence = sharePresence.value_or(settings.sharePresence);
    settings.findable = findable.value_or(settings.findable);
    return settings;
}

QJsonObject encode(const ReadRequest &request)
{
    return { { u"upTo"_s, request.upTo } };
}

Result<ReadRequest> decodeReadRequest(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto upTo = reader.integer(u"upTo"_s, 1, MaxId);
    if (!reader.ok())
        return reader.error();
    return ReadRequest { *upTo };
}

QJsonObject encode(const Credentials &credentials)
{
    return { { u"username"_s, credentials.username }, { u"password"_s, credentials.password } };
}

Result<Credentials> decodeCredentials(const QJsonObject &object, CredentialsUse use)
{
    FieldReader reader(object);
    const auto username = reader.string(u"username"_s, limits::MaxUsernameLength);
    const auto password = reader.string(u"password"_s, limits::MaxPasswordLength);
    if (!reader.ok())
        return reader.error();
    if (use == CredentialsUse::Register) {
        if (auto error = checkUsername(*username))
            return *error;
        if (auto error = checkNewPassword(*password))
            return *error;
    }
    return Credentials { *username, *password };
}

QJsonObject encode(const OpenConversationRequest &request)
{
    return { { u"username"_s, request.username } };
}

Result<OpenConversationRequest> decodeOpenConversation(const QJsonObject &object)
{
    FieldReader reader(object);
    const auto username = reader.string(u"username"_s, limits::MaxUsernameLength);
    if (!reader.ok())
        return reader.error();
    return OpenConversationRequest { *username };
}

QJsonObject encode(const SendRequest &request, bool withConversation)
{
    QJsonObject object { { u"clientId"_s, request.clientId }, { u"body"_s, request.body } };
    if (withConversation)
        object.insert(u"conversationId"_s, request.conversationId);
    if (request.replyTo)
        object.insert(u"replyTo"_s, *request.replyTo);
    return object;
}

Result<SendRequest> decodeSendRequest(const QJsonObject &object, bool withConversation)
{
    FieldReader reader(object);
    SendRequest request;
    if (withConversation) {
        const auto conversationId = reader.integer(u"conversationId"_s, 1, MaxId);
        if (conversationId)
            request.conversationId = *conversationId;
    }
    const auto clientId = reader.string(u"clientId"_s, limits::MaxClientIdLength);
    // The body limit is in bytes of UTF-8: checkMessageBody measures it.
    const auto body = reader.string(u"body"_s, AnyText);
    if (!reader.ok())
        return reader.error();
    if (auto error = checkClientId(*clientId))
        return *error;
    if (auto error = checkMessageBody(*body))
        return *error;
    request.clientId = *clientId;
    request.body = *body;
    // "replyTo" (version 3) may be absent or null: not a reply.
    if (const QJsonValue replyTo = object.value(u"replyTo"_s);
        !replyTo.isUndefined() && !replyTo.isNull()) {
        const auto id = reader.integer(u"replyTo"_s, 1, MaxId);
        if (!reader.ok())
            return reader.error();
        request.replyTo = *id;
    }
    return request;
}

} // namespace chat::json
