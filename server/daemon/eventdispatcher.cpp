#include "eventdispatcher.h"

#include <QByteArray>
#include <QtGlobal>

namespace chat::server {

void preferUnixEventDispatcher()
{
    // Qt reads the variable when the application creates its dispatcher (any non-empty
    // value turns glib off). Whatever the caller set is left alone.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", QByteArrayLiteral("1"));
}

} // namespace chat::server
