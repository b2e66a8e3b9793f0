#include "certificatesummary.h"

#include "opensslutil.h"

#include <QJsonArray>

#include <openssl/x509v3.h>

namespace gantry {

QJsonObject CertificateSummary::toJson() const
{
    return QJsonObject{
        {QStringLiteral("subject"), subject},
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("subject_alt_names"), QJsonArray::fromStringList(subjectAltNames)},
        {QStringLiteral("not_before"), notBefore.toString(Qt::ISODate)},
        {QStringLiteral("not_after"), notAfter.toString(Qt::ISODate)},
        {QStringLiteral("serial_number"), serialNumber},
        {QStringLiteral("sha256_fingerprint"), sha256Fingerprint},
        {QStringLiteral("self_signed"), selfSigned},
        {QStringLiteral("ca"), certificateAuthority},
        {QStringLiteral("pem"), QString::fromLatin1(pem)},
    };
}

QList<CertificateSummary> certificateSummary(const QByteArray &pem, QString *error)
{
    int bad = 0;
    const auto certificates = openssl::readCertificates(pem, &bad);
    if (error) {
        if (certificates.empty() && bad == 0)
            *error = QStringLiteral("no PEM certificate found (expected -----BEGIN "
                                    "CERTIFICATE-----)");
        else if (bad > 0)
            *error = QStringLiteral("%1 certificate block(s) do not parse").arg(bad);
        else
            error->clear();
    }
    QList<CertificateSummary> out;
    for (const auto &cert : certificates) {
        CertificateSummary s;
        s.subject = openssl::subjectText(cert.get());
        s.issuer = openssl::issuerText(cert.get());
        s.subjectAltNames = openssl::subjectAltNames(cert.get());
        s.notBefore = openssl::notBefore(cert.get());
        s.notAfter = openssl::notAfter(cert.get());
        if (BIGNUM *serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr)) {
            char *hex = BN_bn2hex(serial);
            s.serialNumber = QString::fromLatin1(hex);
            OPENSSL_free(hex);
            BN_free(serial);
        }
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (X509_digest(cert.get(), EVP_sha256(), digest, &length) == 1) {
            s.sha256Fingerprint = QString::fromLatin1(
                QByteArray(reinterpret_cast<const char *>(digest), length).toHex(':').toUpper());
        }
        s.selfSigned = openssl::isSelfIssued(cert.get());
        s.certificateAuthority = X509_check_ca(cert.get()) > 0;
        s.pem = openssl::toPem(cert.get());
        out.append(s);
    }
    return out;
}

} // namespace gantry
