// gantryctl's global options and command words. Global flags may come before or after the command
// (`gantryctl -json health` and `gantryctl health -json` are the same).
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

struct CtlArguments
{
    QString dataDir;    // --data-dir; empty: not given
    QString address;    // --address or GANTRY_ADDR
    QString token;      // --token or GANTRY_TOKEN
    QString caCertFile; // --cacert or GANTRY_CACERT: PEM CA(s) to trust for --address
    bool json = false;  // -json / --json
    bool help = false;
    QStringList words; // the command and its own arguments, in order

    // Parses argv (without argv[0]); `environment` supplies GANTRY_ADDR and GANTRY_TOKEN.
    // On a usage error returns nullopt and the message in *error.
    static std::optional<CtlArguments>
    parse(const QStringList &args, const QHash<QString, QString> &environment, QString *error);
    static QString usage();
};

} // namespace gantry
