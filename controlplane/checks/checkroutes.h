// The checks' HTTP API: POST /v1/checks/ldap, /v1/checks/tls, /v1/checks/proxy, and the TLS
// helpers POST /v1/tls/self-signed and /v1/tls/fetch-chain. Checks take the UNSAVED values (a
// settings fragment, the flat fields of the form, or a whole settings YAML document);
// what the request leaves out, and secrets sent as {"set": true}, come from the applied
// settings. They run off the event loop, for admins only (403 for viewers; see install()).
// A request that the check cannot run on is a 400 naming every bad field with its expected form
// (CheckRequest): a body that is not a JSON object, a missing field, a wrong type, a value not in
// the form the schema gives it (a port out of range, a host name with spaces, a URL without
// scheme), an unknown field. A check that ran answers 200 with its steps, also when it fails:
// whether the settings work (a certificate that does not parse or is not trusted, a server that
// cannot be reached, a refused login) is what a check reports.
#pragma once

#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace gantry {

class Router;
class SettingsStore;

struct CheckRoutes
{
    SettingsStore &settings;
    void install(Router &router) const;

    // The fragment the checks run on: `groups` of the request (or of its "settings_yaml"),
    // completed from the applied settings. On a malformed request, nullopt and the first
    // reason ("field: problem; expected form").
    static std::optional<QJsonObject> fragment(const SettingsStore &settings,
                                               const QJsonObject &body, const QStringList &groups,
                                               QString *error);
};

} // namespace gantry
