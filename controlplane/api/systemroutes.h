// GET /v1/health (public: is gantryd up, and how to sign in) and GET /v1/version (behind the
// token: build and process).
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>

namespace gantry {

class Router;

struct SystemRoutes
{
    // loginMethods: "token", plus "ldap" while LDAP login is on (read at each request).
    static void install(Router &router, const QString &dataDir, const QDateTime &startedAt,
                        std::function<QStringList()> loginMethods);
};

} // namespace gantry
