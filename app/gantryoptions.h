// gantry's command line: which control plane to use and in which language to speak.
#pragma once

#include <QString>
#include <QStringList>
#include <variant>

namespace gantry {

struct GantryOptions
{
    QString dataDir;         // embedded mode: the data dir of the gantryd to start or attach to
    QString connectUrl;      // remote mode: the gantryd to connect to
    QString language;        // "de", "ja", ...; empty: the system's
    QString gantrydPath;     // the gantryd to start; default: next to gantry's executable
    bool sampleLoad = false; // pass --sample-load to the embedded gantryd
    QString fleet;           // pass --fleet SPEC to the embedded gantryd

    struct Exit
    {
        int code;
        QString text;
    };
    static std::variant<GantryOptions, Exit> parse(const QStringList &arguments);
};

} // namespace gantry
