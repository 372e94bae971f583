#pragma once

#include "userpool.h"
#include "waiter.h"

#include <QUrl>

namespace chat::bench {

//! Signs up `count` users over REST as any client would (register, then login; a name
//! already taken is only logged in), and opens the direct conversation of each pair of
//! partners (users 2i and 2i+1). Sign-ups run `concurrency` at once: the server hashes
//! each password with Argon2id on a few threads, so more in flight would only queue.
[[nodiscard]] Result<QList<BenchUser>> signUp(
    const QUrl &server, int count, int concurrency, Waiter &waiter);

} // namespace chat::bench
