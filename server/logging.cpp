#include "logging.h"

// Debug output is off by default: a daemon's log should hold what an operator acts on.
Q_LOGGING_CATEGORY(lcStore, "chat.server.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "chat.server.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "chat.server.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSocket, "chat.server.socket", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "chat.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTls, "chat.server.tls", QtInfoMsg)
