// Makes a self-signed server certificate and its unencrypted key, like the operations guide's
// `openssl req -x509 -newkey rsa:2048 -nodes` recipe, with the host name as SAN.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace gantry {

struct SelfSignedCertificate final
{
    enum class KeyType { Rsa2048, EcP256 };

    QByteArray certificatePem;
    QByteArray privateKeyPem; // unencrypted PKCS#8 PEM

    // hostname: a DNS name (SAN DNS:, CN) or an IP address (SAN IP:); days: 1..3650.
    // On bad input or an OpenSSL failure returns nullopt and says why in *error.
    static std::optional<SelfSignedCertificate> generate(const QString &hostname, int days,
                                                         QString *error = nullptr,
                                                         KeyType keyType = KeyType::Rsa2048);

    // Empty when `hostname` can name the certificate (a DNS name, *.wildcard, or an IP
    // address); otherwise the problem and the expected form, e.g. for a route's field error.
    static QString hostnameProblem(const QString &hostname);

    // {"certificate": PEM, "private_key": PEM}
    QJsonObject toJson() const;
};

} // namespace gantry
