// libFuzzer target: a WebSocket text frame, as the server and the client decode it.
// Whatever the bytes, decoding answers a value or an error; a client frame that decodes
// must encode to text that decodes again (what the client sends, the server accepts).
#include <shared/frames.h>

#include <cstdint>
#include <cstdlib>

using namespace chat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));

    QString requestId;
    const auto clientFrame = frames::decodeClientFrame(text, &requestId);
    if (clientFrame) {
        QString againId;
        if (!frames::decodeClientFrame(frames::encode(clientFrame.value()), &againId))
            std::abort(); // A decoded frame re-encoded must be accepted again.
    }

    const auto serverFrame = frames::decodeServerFrame(text);
    if (serverFrame && !frames::decodeServerFrame(frames::encode(serverFrame.value())))
        std::abort();
    return 0;
}
