// libFuzzer target: a connection's bytes through HttpRequestFraming, the parser that
// decides where each request ends before QHttpServer sees it. Besides not crashing, it
// checks the property the guard relies on: framing does not depend on how the bytes
// arrive. The same input fed whole, one byte at a time, and in pseudo-random pieces must
// give the same requests, ending at the same offsets, and the same refusal.
#include <server/http/httprequestframing.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using chat::server::HttpRequestFraming;

namespace {

// Small caps, so that inputs of a few KiB reach the 431 and 413 paths too.
constexpr qsizetype MaxHeaderBytes = 1024;
constexpr qint64 MaxBodyBytes = 4096;

struct Outcome
{
    std::vector<qsizetype> requestEnds; //!< Offsets just past each complete request.
    HttpRequestFraming::Status last = HttpRequestFraming::Status::NeedMore;

    bool operator==(const Outcome &other) const
    {
        return requestEnds == other.requestEnds && last == other.last;
    }
};

//! Feeds `size` bytes in pieces of the lengths `nextPiece` gives (at least 1), restarting
//! after each complete request, until the bytes end or the framing refuses.
template<typename NextPiece> Outcome frame(const char *data, qsizetype size, NextPiece nextPiece)
{
    HttpRequestFraming framing(MaxHeaderBytes, MaxBodyBytes);
    Outcome outcome;
    qsizetype offset = 0;
    while (offset < size) {
        const qsizetype piece = std::min(size - offset, std::max<qsizetype>(1, nextPiece()));
        qsizetype fed = 0;
        while (fed < piece) {
            const auto step = framing.feed(data + offset + fed, piece - fed);
            if (step.consumed < 0 || step.consumed > piece - fed)
                std::abort(); // consumed more than it was given
            fed += step.consumed;
            outcome.last = step.status;
            if (step.status == HttpRequestFraming::Status::Complete) {
                outcome.requestEnds.push_back(offset + fed);
                framing.reset();
                continue;
            }
            if (step.status != HttpRequestFraming::Status::NeedMore)
                return outcome; // refused: the connection is closed here
            if (fed != piece)
                std::abort(); // NeedMore must take everything it was given
        }
        offset += piece;
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t length)
{
    const auto *data = reinterpret_cast<const char *>(bytes);
    const auto size = qsizetype(length);

    const Outcome whole = frame(data, size, [size] { return size; });
    const Outcome byByte = frame(data, size, [] { return qsizetype(1); });
    // Pieces of 1 to 64 bytes from a generator seeded by the input, so a failure replays.
    uint32_t state = 2166136261u ^ uint32_t(length);
    const Outcome pieces = frame(data, size, [&state] {
        state = state * 1664525u + 1013904223u;
        return qsizetype(1 + (state >> 24) % 64);
    });
    if (!(whole == byByte) || !(whole == pieces)) {
        std::fprintf(stderr,
            "framing depends on how the bytes arrive: %zu/%zu/%zu requests, "
            "last status %d/%d/%d\n",
            whole.requestEnds.size(), byByte.requestEnds.size(), pieces.requestEnds.size(),
            int(whole.last), int(byByte.last), int(pieces.last));
        std::abort();
    }
    return 0;
}
