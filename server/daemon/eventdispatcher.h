#pragma once

namespace chat::server {

//! Makes the QCoreApplication about to be created use Qt's own poll()-based event
//! dispatcher instead of glib's, unless QT_NO_GLIB is already set either way. Call it
//! before the QCoreApplication exists.
//!
//! Why: glib's dispatcher keeps socket notifiers in lists, so adding or removing one costs
//! time in proportion to how many there are, and every socket adds and removes a write
//! notifier each time it writes. With thousands of sockets that made a connect storm
//! quadratic: profiled at 5,000 sockets, a quarter to a third of chatd's CPU went there
//! (QEventDispatcherGlib::unregisterSocketNotifier, g_source_add_poll); Qt's UNIX
//! dispatcher keeps them in a hash. Only the daemon (and the relay, its no-store
//! ceiling) does this: an app that embeds the server keeps its GUI's dispatcher.
void preferUnixEventDispatcher();

} // namespace chat::server
