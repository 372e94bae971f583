#include "clientlogging.h"

Q_LOGGING_CATEGORY(lcNet, "chat.app.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModel, "chat.app.model", QtWarningMsg)
