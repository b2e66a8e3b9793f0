// The settings API of DESIGN.md: current settings (secrets only as set/unset), the schema,
// validation of a draft, staging with If-Match, apply, history, diff, rollback and export.
#pragma once

namespace gantry {

class AuditSink;
class EventHub;
class Router;
class SettingsStore;

struct SettingsRoutes
{
    SettingsStore &store;
    EventHub &events;
    AuditSink &audit;
    void install(Router &router) const;
};

} // namespace gantry
