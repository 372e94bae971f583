#pragma once

#include <QLoggingCategory>

// The client library's logging categories; enable with QT_LOGGING_RULES="chat.app.*=true".
Q_DECLARE_LOGGING_CATEGORY(lcNet)
Q_DECLARE_LOGGING_CATEGORY(lcModel)
