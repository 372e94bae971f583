#pragma once

#include <client/network/apiclient.h>
#include <shared/actioncodec.h>

namespace chat::client {

//! The REST endpoints of protocol version 3's message actions over an ApiClient: edit,
//! delete for everyone, and add or remove a reaction (PATCH and DELETE
//! /conversations/{id}/messages/{messageId}, POST .../reactions). Each answers with the
//! change as stored; `duplicate` when the client id had been used (a retry) or nothing
//! needed changing. A small value to make where needed, as ConversationsApi.
class MessageActionsApi
{
public:
    template<typename T> using Callback = ApiClient::Callback<T>;
    struct Outcome
    {
        MessageUpdate update;
        bool duplicate = false;
    };

    explicit MessageActionsApi(ApiClient &api)
        : m_api(api)
    { }

    void edit(const json::EditRequest &request, Callback<Outcome> done);
    void remove(const json::DeleteRequest &request, Callback<Outcome> done);
    void react(const json::ReactRequest &request, Callback<Outcome> done);

private:
    ApiClient &m_api;
};

} // namespace chat::client
