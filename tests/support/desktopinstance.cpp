#include "desktopinstance.h"

namespace chat::test {

DesktopInstance::DesktopInstance(const QString &name, const Session &restSession)
    : AppInstance(name, restSession)
{
    auto recorder = std::make_unique<RecordingNotifier>();
    notifier = recorder.get();
    desktop = std::make_unique<desktop::DesktopIntegration>(*client, *window,
        desktop::DesktopEnvironment { .trayAvailable = [] { return true; },
            .notifier = std::move(recorder),
            .launcherBadge = false });
    window->addSettingsMenu(desktop->settingsMenu());
}

DesktopInstance::~DesktopInstance()
{
    desktop.reset();
}

std::unique_ptr<DesktopInstance> DesktopInstance::signedIn(
    const QString &label, const Session &rest, const QUrl &server)
{
    auto app = std::make_unique<DesktopInstance>(label, rest);
    if (!app->show() || !app->signInAndWait(server))
        return {};
    return app;
}

} // namespace chat::test
