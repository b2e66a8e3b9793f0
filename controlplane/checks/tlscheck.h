// "Verify TLS Settings": checks the unsaved certificate chain and private key of the tls group
// against general.hostname, each problem its own step (OpenSSL 3).
#pragma once

#include "checkoptions.h"
#include "checkresult.h"

#include <QJsonObject>

namespace gantry {

class TlsCheck final
{
public:
    // fragment: {"general": {"hostname"}, "tls": {"certificate", "private_key",
    // "custom_root_cas": [PEM, ...]}}. Steps: certificate, private key, key matches certificate,
    // chain order, host name, validity, trust. Blocking (no network); run off the event loop.
    static CheckResult run(const QJsonObject &fragment, const CheckOptions &options = {});

    static constexpr int kWarnDays = 30;
    static constexpr int kMinRsaBits = 2048;
};

} // namespace gantry
