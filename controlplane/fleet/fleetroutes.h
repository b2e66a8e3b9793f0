// The fleet's HTTP API: nodes (list, one with its allocations, drain, eligibility, add, remove)
// and jobs (list with status filter and cursor, submit a config.yml, one with its allocations,
// cancel, approve). Every change is audited with the caller as actor.
#pragma once

namespace gantry {

class FleetService;
class Router;

struct FleetRoutes
{
    FleetService &service;
    void install(Router &router) const;
};

} // namespace gantry
