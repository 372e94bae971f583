#include "messageactionsapi.h"

namespace chat::client {

using namespace Qt::StringLiterals;

namespace {

QString messagePath(const json::MessageRef &target, const QString &rest = {})
{
    return u"/conversations/%1/messages/%2%3"_s.arg(target.conversationId)
        .arg(target.messageId)
        .arg(rest);
}

ApiClient::JsonCallback outcomeOf(ApiClient::Callback<MessageActionsApi::Outcome> done)
{
    return decodedAs<MessageActionsApi::Outcome>(
        std::move(done), [](const QJsonObject &object) -> Result<MessageActionsApi::Outcome> {
            auto update = objectField(object, u"update"_s);
            if (!update)
                return update.error();
            auto decoded = json::decodeMessageUpdate(update.value());
            if (!decoded)
                return decoded.error();
            return MessageActionsApi::Outcome { decoded.value(),
                object.value(u"duplicate"_s).toBool() };
        });
}

} // namespace

void MessageActionsApi::edit(const json::EditRequest &request, Callback<Outcome> done)
{
    m_api.call("PATCH", messagePath(request.target), json::encode(request, json::RefSource::Path),
        outcomeOf(std::move(done)));
}

void MessageActionsApi::remove(const json::DeleteRequest &request, Callback<Outcome> done)
{
    m_api.call("DELETE", messagePath(request.target), json::encode(request, json::RefSource::Path),
        outcomeOf(std::move(done)));
}

void MessageActionsApi::react(const json::ReactRequest &request, Callback<Outcome> done)
{
    m_api.call("POST", messagePath(request.target, u"/reactions"_s),
        json::encode(request, json::RefSource::Path), outcomeOf(std::move(done)));
}

} // namespace chat::client
