#pragma once

#include <shared/result.h>

namespace chat::server {

class Store;

//! What GET /healthz reports: whether this server can do its job now. The process
//! answering shows it is up; the database taking a write shows it can store messages
//! (a full lock, a read-only file or a broken connection say otherwise).
class HealthService
{
public:
    explicit HealthService(Store &store);

    //! Done when healthy; otherwise the reason, for the operator.
    [[nodiscard]] Status check();

private:
    Store &m_store;
};

} // namespace chat::server
