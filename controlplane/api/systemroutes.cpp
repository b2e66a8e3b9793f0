#include "systemroutes.h"

#include "buildinfo.h"
#include "router.h"
#include "serverinfo.h"

#include <QCoreApplication>

namespace gantry {

void SystemRoutes::install(Router &router, const QString &dataDir, const QDateTime &startedAt,
                           std::function<QStringList()> loginMethods)
{
    router.add(
        "GET", QStringLiteral("/v1/health"),
        [loginMethods = std::move(loginMethods)](const ApiRequest &) {
            ServerInfo info{QStringLiteral("ok"),
                            QString::fromLatin1(kVersion),
                            QString::fromLatin1(kApiVersion),
                            0,
                            {},
                            {},
                            loginMethods ? loginMethods() : QStringList{}};
            return ApiResponse::json(info.toJson());
        },
        Router::Options{.needsToken = false, .bodyLimit = 0});

    router.add("GET", QStringLiteral("/v1/version"), [dataDir, startedAt](const ApiRequest &) {
        ServerInfo info{QStringLiteral("ok"),
                        QString::fromLatin1(kVersion),
                        QString::fromLatin1(kApiVersion),
                        QCoreApplication::applicationPid(),
                        dataDir,
                        startedAt.toUTC().toString(Qt::ISODateWithMs),
                        {}};
        return ApiResponse::json(info.toJson());
    });
}

} // namespace gantry
