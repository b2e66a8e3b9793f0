#include "selfsignedcertificate.h"

#include "opensslutil.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace gantry {

namespace {

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

bool validDnsName(const QString &name)
{
    static const QRegularExpression kDns(QStringLiteral(
        R"(^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$)"));
    return name.size() <= 253 && kDns.match(name).hasMatch();
}

} // namespace

std::optional<SelfSignedCertificate>
SelfSignedCertificate::generate(const QString &hostname, int days, QString *error, KeyType keyType)
{
    auto fail = [error](const QString &why) -> std::optional<SelfSignedCertificate> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString host = hostname.trimmed();
    QHostAddress address;
    const bool isIp = address.setAddress(host);
    if (const QString problem = hostnameProblem(host); !problem.isEmpty())
        return fail(QStringLiteral("hostname: ") + problem);
    if (days < 1 || days > 3650)
        return fail(QStringLiteral("days: %1 is out of range (expected 1 to 3650)").arg(days));

    openssl::PkeyPtr key(keyType == KeyType::Rsa2048 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"));
    if (!key)
        return fail(QStringLiteral("cannot generate a key: %1").arg(openssl::lastError()));
    openssl::X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2); // v3
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; // positive
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300); // tolerate small clock skew
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    // CN is limited to 64 characters; the SAN is what clients check anyway.
    const QByteArray cn = host.left(64).toUtf8();
    X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    const QByteArray san =
        (isIp ? QByteArrayLiteral("IP:") : QByteArrayLiteral("DNS:")) + host.toUtf8();
    if (!addExtension(cert.get(), NID_subject_alt_name, san.constData()) ||
        !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment") ||
        !addExtension(cert.get(), NID_ext_key_usage, "serverAuth") ||
        !addExtension(cert.get(), NID_subject_key_identifier, "hash"))
        return fail(
            QStringLiteral("cannot add the certificate extensions: %1").arg(openssl::lastError()));
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return fail(QStringLiteral("cannot sign the certificate: %1").arg(openssl::lastError()));
    SelfSignedCertificate out;
    out.certificatePem = openssl::toPem(cert.get());
    out.privateKeyPem = openssl::privateKeyToPem(key.get());
    return out;
}

QString SelfSignedCertificate::hostnameProblem(const QString &hostname)
{
    const QString host = hostname.trimmed();
    if (QHostAddress().setAddress(host) || validDnsName(host))
        return {};
    return QStringLiteral("\"%1\" is not a DNS name or an IP address; expected e.g. "
                          "ci.example.org, *.example.org or 10.0.0.5")
        .arg(host.left(256));
}

QJsonObject SelfSignedCertificate::toJson() const
{
    return QJsonObject{{QStringLiteral("certificate"), QString::fromLatin1(certificatePem)},
                       {QStringLiteral("private_key"), QString::fromLatin1(privateKeyPem)}};
}

} // namespace gantry
