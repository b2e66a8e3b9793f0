#include "gantryoptions.h"

#include "buildinfo.h"
#include "handshake.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

namespace gantry {

std::variant<GantryOptions, GantryOptions::Exit> GantryOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "GantryOptions", "Gantry: the management console of a self-hosted CI installation."));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QCoreApplication::translate("GantryOptions",
                                    "Data dir of the embedded control plane (default %1).")
            .arg(Handshake::defaultDataDir()),
        QStringLiteral("DIR"));
    const QCommandLineOption connect(
        QStringLiteral("connect"),
        QCoreApplication::translate("GantryOptions",
                                    "Connect to a remote gantryd instead of starting one."),
        QStringLiteral("URL"));
    const QCommandLineOption lang(
        QStringLiteral("lang"),
        QCoreApplication::translate("GantryOptions", "Language of the console: en, de, ja."),
        QStringLiteral("LANG"));
    const QCommandLineOption gantryd(
        QStringLiteral("gantryd"),
        QCoreApplication::translate("GantryOptions",
                                    "The gantryd program to start (default: next to gantry)."),
        QStringLiteral("PATH"));
    const QCommandLineOption sampleLoad(
        QStringLiteral("sample-load"),
        QCoreApplication::translate("GantryOptions",
                                    "Have the embedded control plane run sample workflows, so that "
                                    "the fleet pages have something to show."));
    const QCommandLineOption fleet(
        QStringLiteral("fleet"),
        QCoreApplication::translate("GantryOptions",
                                    "The embedded local fleet, e.g. local:3x8cpu,16g."),
        QStringLiteral("SPEC"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("GantryOptions", "Show this help."));
    const QCommandLineOption version(
        QStringLiteral("version"),
        QCoreApplication::translate("GantryOptions", "Show the version."));
    parser.addOptions({dataDir, connect, lang, gantryd, sampleLoad, fleet, help, version});

    if (!parser.parse(arguments))
        return Exit{2, QStringLiteral("gantry: %1\nTry 'gantry --help'.").arg(parser.errorText())};
    if (parser.isSet(help))
        return Exit{0, parser.helpText()};
    if (parser.isSet(version))
        return Exit{0, QStringLiteral("gantry %1").arg(QString::fromLatin1(kVersion))};
    if (!parser.positionalArguments().isEmpty())
        return Exit{2, QStringLiteral("gantry: unexpected argument \"%1\"\nTry 'gantry --help'.")
                           .arg(parser.positionalArguments().constFirst())};

    GantryOptions options;
    options.dataDir = parser.isSet(dataDir) ? parser.value(dataDir) : Handshake::defaultDataDir();
    options.language = parser.value(lang);
    options.gantrydPath = parser.value(gantryd);
    options.sampleLoad = parser.isSet(sampleLoad);
    options.fleet = parser.value(fleet);
    if (parser.isSet(connect)) {
        const QUrl url(parser.value(connect), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") ||
            url.host().isEmpty())
            return Exit{2, QStringLiteral("gantry: --connect \"%1\" is not a URL of the form "
                                          "https://HOST:PORT")
                               .arg(parser.value(connect))};
        if (parser.isSet(dataDir) || parser.isSet(sampleLoad) || parser.isSet(fleet))
            return Exit{2, QStringLiteral("gantry: --connect uses a remote control plane: "
                                          "--data-dir, --fleet and --sample-load are for the "
                                          "embedded one")};
        options.connectUrl = url.toString();
    }
    static const QStringList kLanguages{QStringLiteral("en"), QStringLiteral("de"),
                                        QStringLiteral("ja")};
    if (!options.language.isEmpty() && !kLanguages.contains(options.language))
        return Exit{2, QStringLiteral("gantry: --lang \"%1\" is not one of %2")
                           .arg(options.language, kLanguages.join(", "))};
    return options;
}

} // namespace gantry
