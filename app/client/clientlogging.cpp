#include "clientlogging.h"

Q_LOGGING_CATEGORY(lcNet, "chat.app.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "chat.app.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcOutgoing, "chat.app.outgoing", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModel, "chat.app.model", QtWarningMsg)
