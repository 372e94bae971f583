#pragma once

#include <QLoggingCategory>

// The client library's logging categories, one per concern; enable with
// QT_LOGGING_RULES="chat.app.*=true".
Q_DECLARE_LOGGING_CATEGORY(lcNet) //!< The socket, REST calls, reconnects.
Q_DECLARE_LOGGING_CATEGORY(lcStorage) //!< The local store on disk.
Q_DECLARE_LOGGING_CATEGORY(lcOutgoing) //!< The outgoing queue: what goes out, retries, verdicts.
Q_DECLARE_LOGGING_CATEGORY(lcModel) //!< Models and the controllers that fill them.
