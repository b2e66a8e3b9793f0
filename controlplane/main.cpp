// gantryd: the Gantry control plane (headless).
#include "controlplane.h"
#include "crashreport.h"
#include "daemonoptions.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gantryd"));
    std::signal(SIGPIPE, SIG_IGN);
    gantry::installCrashReport("gantryd");

    auto parsed = gantry::DaemonOptions::parse(QCoreApplication::arguments());
    if (auto *exit = std::get_if<gantry::DaemonOptions::Exit>(&parsed)) {
        std::fprintf(exit->code == 0 ? stdout : stderr, "%s\n", qPrintable(exit->text));
        return exit->code;
    }

    gantry::ControlPlane controlPlane(std::get<gantry::DaemonOptions>(parsed));
    gantry::UnixSignalWatcher signalWatcher({SIGTERM, SIGINT, SIGHUP});
    QObject::connect(&signalWatcher, &gantry::UnixSignalWatcher::unixSignal, &app,
                     [](int) { QCoreApplication::quit(); });
    if (const int code = controlPlane.start(); code != 0)
        return code;
    const int code = app.exec();
    controlPlane.stop();
    return code;
}
