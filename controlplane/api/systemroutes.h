// GET /v1/health (public: is gantryd up) and GET /v1/version (behind the token: build and process).
#pragma once

#include <QDateTime>
#include <QString>

namespace gantry {

class Router;

struct SystemRoutes
{
    static void install(Router &router, const QString &dataDir, const QDateTime &startedAt);
};

} // namespace gantry
