#pragma once

class QCoreApplication;

namespace chat::ui {

//! Installs the app's translations into `app`: for now the English plural forms
//! ("1 member", "3 members"), which Qt takes from a translation even when the source
//! strings are English. Call once, after the application object exists.
void installTranslations(QCoreApplication &app);

} // namespace chat::ui
