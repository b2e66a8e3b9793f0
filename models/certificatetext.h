// Describes PEM certificates for people (subject, issuer, SANs, expiry), as the TLS page and the
// CA list show them.
#pragma once

#include <QString>

namespace gantry {

class CertificateText final
{
public:
    // One paragraph per certificate of `pem`; empty when it holds none.
    static QString describe(const QString &pem);
    // One line: "CN=host · expires 2027-01-01", or empty.
    static QString oneLine(const QString &pem);
    static int count(const QString &pem);
};

} // namespace gantry
