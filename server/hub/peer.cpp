#include "peer.h"

#include <atomic>

namespace chat::server {

namespace {
// Process-wide, so that two servers in one process (tests, an app hosting one) never
// share an id; atomic in case they run on different threads.
std::atomic<PeerId> lastPeerId { NoPeer };
} // namespace

Peer::Peer()
    : m_id(++lastPeerId)
{ }

Peer::~Peer() = default;

} // namespace chat::server
