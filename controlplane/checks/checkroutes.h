// The checks' HTTP API: POST /v1/checks/ldap, /v1/checks/tls, /v1/checks/proxy, and the TLS
// helpers POST /v1/tls/self-signed and /v1/tls/fetch-chain. Checks take the UNSAVED values (a
// settings fragment, or a whole settings YAML document); what the fragment leaves out, and
// secrets sent as {"set": true}, come from the applied settings. They run off the event loop.
#pragma once

#include <QJsonObject>

namespace gantry {

class Router;
class SettingsStore;

struct CheckRoutes
{
    SettingsStore &settings;
    void install(Router &router) const;

    // The fragment the checks run on: `groups` of the request (or of its "settings_yaml"),
    // completed from the applied settings. On a malformed request, nullopt and the reason.
    static std::optional<QJsonObject> fragment(const SettingsStore &settings,
                                               const QJsonObject &body, const QStringList &groups,
                                               QString *error);
};

} // namespace gantry
