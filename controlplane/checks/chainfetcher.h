// "Fetch CA chain from a host": connects with TLS and returns the chain the server presents,
// like `openssl s_client -showcerts -connect HOST:PORT`, ready to add to tls.custom_root_cas.
#pragma once

#include "certificatesummary.h"
#include "checkoptions.h"
#include "checkresult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gantry {

struct FetchedChain final
{
    CheckResult check;                      // steps: address, connect, handshake, chain, trust
    QByteArray pem;                         // every presented certificate, leaf first
    QList<CertificateSummary> certificates; // one per certificate of pem

    // {"ok", "steps", "pem", "certificates": [summary, ...]}
    QJsonObject toJson() const;
};

class ChainFetcher final
{
public:
    // Blocking; the connection and the handshake each get options.stepTimeout. The server's
    // certificate is not required to be trusted (that is the point); the trust step says
    // whether the system store trusts it.
    static FetchedChain fetch(const QString &host, int port, const CheckOptions &options = {});
};

} // namespace gantry
