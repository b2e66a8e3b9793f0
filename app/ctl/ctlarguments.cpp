#include "ctlarguments.h"

#include "ctlcommand.h"
#include "handshake.h"

#include <QCoreApplication>
#include <QHash>
#include <QUrl>

namespace gantry {

std::optional<CtlArguments> CtlArguments::parse(const QStringList &args,
                                                const QHash<QString, QString> &environment,
                                                QString *error)
{
    CtlArguments result;
    result.address = environment.value(QStringLiteral("GANTRY_ADDR"));
    result.token = environment.value(QStringLiteral("GANTRY_TOKEN"));
    result.caCertFile = environment.value(QStringLiteral("GANTRY_CACERT"));
    auto fail = [error](const QString &why) -> std::optional<CtlArguments> {
        *error = why;
        return std::nullopt;
    };
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        // Accept --flag VALUE and --flag=VALUE for the options that take a value.
        auto takeValue = [&](const QString &name, QString *out) -> bool {
            if (arg == name) {
                if (i + 1 >= args.size())
                    return false;
                *out = args[++i];
                return true;
            }
            *out = arg.mid(name.size() + 1);
            return true;
        };
        auto is = [&](const QString &name) { return arg == name || arg.startsWith(name + '='); };
        if (arg == "-json" || arg == "--json") {
            result.json = true;
        } else if (arg == "-h" || arg == "--help" || arg == "-help") {
            result.help = true;
        } else if (is(QStringLiteral("--data-dir"))) {
            if (!takeValue(QStringLiteral("--data-dir"), &result.dataDir) ||
                result.dataDir.isEmpty())
                return fail(QStringLiteral(
                    "--data-dir needs a directory, e.g. --data-dir ~/.local/share/gantry"));
        } else if (is(QStringLiteral("--address"))) {
            if (!takeValue(QStringLiteral("--address"), &result.address))
                return fail(QStringLiteral(
                    "--address needs a URL, e.g. --address https://gantry.example.com:8801"));
        } else if (is(QStringLiteral("--cacert"))) {
            if (!takeValue(QStringLiteral("--cacert"), &result.caCertFile) ||
                result.caCertFile.isEmpty())
                return fail(QStringLiteral("--cacert needs a PEM file of the CA(s) to trust"));
        } else if (is(QStringLiteral("--token"))) {
            if (!takeValue(QStringLiteral("--token"), &result.token))
                return fail(QStringLiteral("--token needs a value"));
        } else {
            result.words << arg;
        }
    }
    if (!result.address.isEmpty()) {
        const QUrl url(result.address, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") ||
            url.host().isEmpty())
            return fail(QStringLiteral("address \"%1\" is not a URL of the form "
                                       "http(s)://HOST[:PORT]")
                            .arg(result.address));
        if (!result.dataDir.isEmpty())
            return fail(QStringLiteral("give either --data-dir or --address, not both"));
        if (result.token.isEmpty())
            return fail(QStringLiteral("--address needs a token too: --token T or GANTRY_TOKEN"));
    }
    return result;
}

QString CtlArguments::usage()
{
    return QCoreApplication::translate(
               "gantryctl",
               "Usage: gantryctl [--data-dir DIR | --address URL --token T [--cacert FILE]] "
               "[-json] "
               "COMMAND ...\n"
               "\n"
               "Talks to gantryd, the Gantry control plane. Without --address it uses the gantryd\n"
               "running on the data dir (default %1), found through its gantryd.json.\n"
               "GANTRY_ADDR, GANTRY_TOKEN and GANTRY_CACERT in the environment stand for "
               "--address,\n"
               "--token and --cacert (the CA that signed an HTTPS gantryd's certificate).\n"
               "\n"
               "Commands:\n%2"
               "\n"
               "Options:\n"
               "  -json      print JSON (a list is one array, a record one object)\n"
               "  -h, --help this help\n"
               "\n"
               "Exit codes: 0 done, 1 the operation failed, 2 usage error,\n"
               "3 control plane unreachable.\n")
        .arg(Handshake::defaultDataDir(), CtlRegistry::overview());
}

} // namespace gantry
