// gantryctl version, health.
#include "buildinfo.h"
#include "ctlcommand.h"
#include "ctlsession.h"
#include "serverinfo.h"

#include <QJsonObject>

namespace gantry {

namespace {

int runVersion(CtlSession &session, const CtlInvocation &)
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

int runHealth(CtlSession &session, const CtlInvocation &)
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

QList<CtlCommand> systemCommands()
{
    return {
        {{QStringLiteral("version")},
         {},
         QStringLiteral("versions of gantryctl and of gantryd"),
         {},
         0,
         0,
         &runVersion},
        {{QStringLiteral("health")},
         {},
         QStringLiteral("whether gantryd answers"),
         {},
         0,
         0,
         &runHealth},
    };
}

} // namespace gantry
