#pragma once

#include <desktop/desktopintegration.h>
#include <support/appinstance.h>
#include <support/recordingnotifier.h>

#include <memory>

namespace chat::test {

//! One user's app as main.cpp builds it with its desktop part: an AppInstance and a
//! DesktopIntegration over its window, whose notifications go to a RecordingNotifier and
//! which is told a tray exists (offscreen has none); no launcher signal. The desktop part
//! goes before the window.
struct DesktopInstance : AppInstance
{
    explicit DesktopInstance(const QString &label = {}, const Session &rest = {});
    ~DesktopInstance();

    //! A new one for `rest.user`, shown and signed in to `server`; nullptr when that did
    //! not happen in time.
    [[nodiscard]] static std::unique_ptr<DesktopInstance> signedIn(
        const QString &label, const Session &rest, const QUrl &server);

    //! Owned by `desktop`.
    RecordingNotifier *notifier = nullptr;
    std::unique_ptr<desktop::DesktopIntegration> desktop;
};

} // namespace chat::test
