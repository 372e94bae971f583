// libFuzzer target: a JSON request or response body through the protocol library, the
// way REST handlers and the client read them: the size-checked parse, then every decoder
// over the object. Each must answer a value or an error, never crash or hang.
#include <shared/actioncodec.h>
#include <shared/conversationcodec.h>
#include <shared/grouprequests.h>
#include <shared/jsoncodec.h>
#include <shared/protocol.h>
#include <shared/searchcodec.h>
#include <shared/validation.h>

#include <cstdint>
#include <cstdlib>

using namespace chat;

namespace {

void decodeAll(const QJsonObject &object)
{
    // Results are dropped on purpose: what is tested is that each returns at all.
    (void)json::decodeUser(object);
    (void)json::decodeConversation(object);
    (void)json::decodeContactList(object);
    (void)json::decodeSession(object);
    (void)json::decodeHistoryPage(object);
    (void)json::decodeSettings(object);
    (void)json::decodeSettingsUpdate(object);
    (void)json::decodeReadRequest(object);
    (void)json::decodeCredentials(object, json::CredentialsUse::Register);
    (void)json::decodeCredentials(object, json::CredentialsUse::Login);
    (void)json::decodeOpenConversation(object);
    (void)json::decodeSendRequest(object, true);
    (void)json::decodeSendRequest(object, false);
    (void)json::decodeConversationList(object);
    (void)json::decodeMemberList(object);
    (void)json::decodeMessageReceipts(object);
    (void)json::decodeDirectoryPage(object);
    (void)json::decodeSearchPage(object);
    (void)json::decodeMessageUpdate(object);
    (void)json::decodeEditRequest(object, json::RefSource::Object);
    (void)json::decodeDeleteRequest(object, json::RefSource::Object);
    (void)json::decodeReactRequest(object, json::RefSource::Object);
    (void)json::decodeCreateGroup(object);
    (void)json::decodeUpdateGroup(object);
    (void)json::decodeAddMembers(object);
    (void)json::decodeSetRole(object);
    (void)json::decodeConversationSettings(object);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto object = parseJsonObject(body, protocol::limits::MaxRequestBytes);
    if (!object)
        return 0;
    decodeAll(object.value());

    // A message that decodes must survive the trip the server makes: encode, then decode.
    if (const auto message = json::decodeMessage(object.value())) {
        if (!json::decodeMessage(json::encode(message.value())))
            std::abort();
    }
    return 0;
}
