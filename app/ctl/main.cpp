// gantryctl: the command line of Gantry. Every command is one call (or a few) to gantryd's API.
#include "buildinfo.h"
#include "ctlarguments.h"
#include "ctlsession.h"
#include "serverinfo.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <cstdio>

using namespace gantry;

namespace {

int runVersion(CtlSession &session)
{
    const ApiResult r = session.call("GET", QStringLiteral("/v1/version"));
    if (!r.ok())
        return session.fail(r);
    const auto server = ServerInfo::fromJson(r.json.object());
    if (session.json()) {
        session.printJson(
            QJsonObject{{"version", QString::fromLatin1(kVersion)}, {"server", r.json.object()}});
        return kExitOk;
    }
    session.printLine(QStringLiteral("gantryctl %1").arg(QString::fromLatin1(kVersion)));
    if (server)
        session.printLine(QStringLiteral("gantryd   %1 (API %2, pid %3) at %4")
                              .arg(server->version, server->apiVersion)
                              .arg(server->pid)
                              .arg(r.address));
    return kExitOk;
}

int runHealth(CtlSession &session)
{
    const ApiResult r = session.call("GET", QStringLiteral("/v1/health"));
    if (!r.ok())
        return session.fail(r);
    const auto server = ServerInfo::fromJson(r.json.object());
    if (session.json())
        session.printJson(r.json.object());
    else
        session.printLine(QStringLiteral("%1: gantryd %2 at %3")
                              .arg(server ? server->status : QStringLiteral("?"),
                                   server ? server->version : QStringLiteral("?"), r.address));
    return server && server->status == QStringLiteral("ok") ? kExitOk : kExitFailed;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gantryctl"));

    QHash<QString, QString> environment;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {QStringLiteral("GANTRY_ADDR"), QStringLiteral("GANTRY_TOKEN"),
                                QStringLiteral("GANTRY_CACERT")})
        if (env.contains(name))
            environment.insert(name, env.value(name));

    QString error;
    const auto args = CtlArguments::parse(app.arguments().mid(1), environment, &error);
    if (!args) {
        std::fprintf(stderr, "gantryctl: %s\nTry 'gantryctl --help'.\n", qPrintable(error));
        return kExitUsage;
    }
    if (args->help || args->words.isEmpty()) {
        std::fprintf(args->help ? stdout : stderr, "%s", qPrintable(CtlArguments::usage()));
        return args->help ? kExitOk : kExitUsage;
    }

    CtlSession session(*args);
    const QString command = args->words.constFirst();
    using Runner = int (*)(CtlSession &);
    const QHash<QString, Runner> commands{{QStringLiteral("version"), &runVersion},
                                          {QStringLiteral("health"), &runHealth}};
    const Runner runner = commands.value(command);
    if (!runner)
        return session.usageError(QStringLiteral("unknown command \"%1\"").arg(command));
    if (args->words.size() > 1)
        return session.usageError(
            QStringLiteral("%1 takes no arguments, got \"%2\"").arg(command, args->words.at(1)));
    if (const int code = session.connect(); code != kExitOk)
        return code;
    return runner(session);
}
