// Owning handles and PEM helpers over OpenSSL 3 for the TLS checks (internal to checks/).
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <memory>
#include <vector>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace gantry::openssl {

struct X509Free
{
    void operator()(X509 *p) const { X509_free(p); }
};
struct PkeyFree
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
};
struct BioFree
{
    void operator()(BIO *p) const { BIO_free_all(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

BioPtr memoryBio(const QByteArray &data);
// Every certificate in the PEM text, in order. *badBlocks counts BEGIN CERTIFICATE blocks that
// did not parse.
std::vector<X509Ptr> readCertificates(const QByteArray &pem, int *badBlocks = nullptr);
// Reads an unencrypted private key; never prompts for a pass phrase.
PkeyPtr readPrivateKey(const QByteArray &pem);
bool isEncryptedPem(const QByteArray &pem);
QByteArray toPem(X509 *certificate);
QByteArray privateKeyToPem(EVP_PKEY *key);
QString subjectText(X509 *certificate);
QString issuerText(X509 *certificate);
QString displayName(X509 *certificate); // CN if present, otherwise the whole subject
QStringList subjectAltNames(X509 *certificate);
QDateTime notBefore(X509 *certificate);
QDateTime notAfter(X509 *certificate);
bool isSelfIssued(X509 *certificate);  // issuer == subject and the signature verifies with its key
QString keyDescription(EVP_PKEY *key); // "RSA 2048 bits", "EC P-256"
// The OpenSSL error queue as one line, emptying it.
QString lastError();

} // namespace gantry::openssl
