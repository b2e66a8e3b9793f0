// GET /v1/metrics: the guide's circle.nomad.server_agent.* metrics, a queue-time histogram and
// per-node allocation gauges, as Prometheus text (or JSON with ?format=json for the console).
#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace gantry {

class FleetService;
class Router;

struct FleetMetrics
{
    static constexpr double kQueueBuckets[] = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};

    static QByteArray prometheus(const FleetService &service);
    static QJsonObject json(const FleetService &service);
    static void install(Router &router, const FleetService &service);
};

} // namespace gantry
