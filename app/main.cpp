// gantry: the Gantry management console (Qt Widgets).
#include "consolesession.h"
#include "crashreport.h"
#include "gantryoptions.h"
#include "translations.h"
#include "unixsignalwatcher.h"

#include <QApplication>
#include <QIcon>

#include <csignal>
#include <cstdio>

namespace {

// Without a display QApplication aborts with a cryptic xcb message: say what to do instead.
bool haveDisplay()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland"))
        return true; // offscreen, vnc, ...
    return !qgetenv("DISPLAY").isEmpty() || !qgetenv("WAYLAND_DISPLAY").isEmpty();
}

} // namespace

int main(int argc, char *argv[])
{
    std::signal(SIGPIPE, SIG_IGN);
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // Parse before QApplication exists, so that --help and errors work without a display.
    const auto parsed = gantry::GantryOptions::parse(arguments);
    if (auto *exit = std::get_if<gantry::GantryOptions::Exit>(&parsed)) {
        std::fprintf(exit->code == 0 ? stdout : stderr, "%s\n", qPrintable(exit->text));
        return exit->code;
    }
    if (!haveDisplay()) {
        std::fprintf(stderr,
                     "gantry: no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                     "Run it on a desktop, or under a virtual display:\n"
                     "  xvfb-run -a -s \"-screen 0 1280x800x24\" %s\n",
                     qPrintable(arguments.join(' ')));
        return 1;
    }

    gantry::installCrashReport("gantry");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("gantry"));
    QApplication::setOrganizationName(QStringLiteral("Gantry"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gantry"));
    QApplication::setDesktopFileName(QStringLiteral("gantry"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gantry.svg")));
    gantry::Translations::install(app, std::get<gantry::GantryOptions>(parsed).language);

    gantry::ConsoleSession session(std::get<gantry::GantryOptions>(parsed));
    gantry::UnixSignalWatcher signalWatcher({SIGTERM, SIGINT});
    QObject::connect(&signalWatcher, &gantry::UnixSignalWatcher::unixSignal, &app,
                     [](int) { QApplication::quit(); });
    QObject::connect(&app, &QApplication::aboutToQuit, &session, &gantry::ConsoleSession::shutdown);
    session.start();
    return app.exec();
}
