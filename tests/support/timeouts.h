#pragma once

namespace chat::test {

//! How long a test waits for what should come soon (a reply, a frame, a reconnect, a
//! row): generous, since the suite runs in parallel on small machines. A wait ends as
//! soon as its condition holds, so the bound costs nothing while tests pass.
inline constexpr int Timeout = 20000;

} // namespace chat::test
