#include "translations.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTranslator>

namespace chat::ui {

Q_LOGGING_CATEGORY(lcTranslations, "chat.ui.translations")

void installTranslations(QCoreApplication &app)
{
    // Compiled in by qt_add_translations (app/ui/CMakeLists.txt) under /i18n.
    auto *english = new QTranslator(&app);
    if (english->load(QStringLiteral(":/i18n/chat_en.qm")))
        QCoreApplication::installTranslator(english);
    else
        qCWarning(lcTranslations) << "the English plural forms are missing: counts read \"(s)\"";
}

} // namespace chat::ui
