#include "tlsmaterial.h"

#include <QDateTime>
#include <QFile>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace gantry {

namespace {

// Whether the private key belongs to the leaf certificate (OpenSSL compares the public halves).
bool keyMatches(const QByteArray &leafPem, const QByteArray &keyPem)
{
    BIO *certBio = BIO_new_mem_buf(leafPem.constData(), int(leafPem.size()));
    BIO *keyBio = BIO_new_mem_buf(keyPem.constData(), int(keyPem.size()));
    X509 *cert = PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
    const bool match = cert && key && X509_check_private_key(cert, key) == 1;
    EVP_PKEY_free(key);
    X509_free(cert);
    BIO_free(keyBio);
    BIO_free(certBio);
    return match;
}

} // namespace

std::optional<TlsMaterial> TlsMaterial::fromPem(const QByteArray &certificatePem,
                                                const QByteArray &keyPem, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<TlsMaterial> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    TlsMaterial m;
    m.chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (m.chain.isEmpty())
        return fail(QStringLiteral("certificate: no PEM certificate found (expected "
                                   "-----BEGIN CERTIFICATE-----)"));
    if (keyPem.contains("ENCRYPTED"))
        return fail(QStringLiteral("private key: it is encrypted; gantryd needs an unencrypted "
                                   "PEM key (openssl pkey -in KEY -out KEY.plain)"));
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        m.key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!m.key.isNull())
            break;
    }
    if (m.key.isNull())
        return fail(QStringLiteral("private key: not a PEM RSA, EC or DSA private key"));
    if (!keyMatches(m.chain.constFirst().toPem(), keyPem))
        return fail(QStringLiteral("private key: does not belong to the certificate %1")
                        .arg(m.chain.constFirst().subjectDisplayName()));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m.chain.constFirst().expiryDate() < now)
        return fail(QStringLiteral("certificate: expired on %1")
                        .arg(m.chain.constFirst().expiryDate().toString(Qt::ISODate)));
    if (m.chain.constFirst().effectiveDate() > now)
        return fail(QStringLiteral("certificate: not valid before %1")
                        .arg(m.chain.constFirst().effectiveDate().toString(Qt::ISODate)));
    return m;
}

std::optional<TlsMaterial> TlsMaterial::fromFiles(const QString &certificateFile,
                                                  const QString &keyFile, QString *error)
{
    QFile cert(certificateFile), key(keyFile);
    if (!cert.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("--tls-cert %1: %2").arg(certificateFile, cert.errorString());
        return std::nullopt;
    }
    if (!key.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("--tls-key %1: %2").arg(keyFile, key.errorString());
        return std::nullopt;
    }
    return fromPem(cert.readAll(), key.readAll(), error);
}

QSslConfiguration TlsMaterial::serverConfiguration() const
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with tokens
    config.setProtocol(QSsl::TlsV1_2OrLater);
    return config;
}

QByteArray TlsMaterial::chainPem() const
{
    QByteArray pem;
    for (const QSslCertificate &c : chain)
        pem += c.toPem();
    return pem;
}

} // namespace gantry
