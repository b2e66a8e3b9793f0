// libFuzzer harness: PEM certificates and keys (outside input: tls.certificate, tls.private_key
// and tls.custom_root_cas of POST /v1/checks/tls and of settings drafts, gantryctl tls verify).
// The input goes where an administrator pastes it — as the certificate chain, the private key
// and a custom root CA at once, since PEM files often bundle all three — through the TLS check
// (which parses it with OpenSSL as tlscheck.cpp does), the certificate summary and the settings
// validators. Every step must have a name and a message; a failed step makes the check not ok.
#include "checks/certificatesummary.h"
#include "checks/opensslutil.h"
#include "checks/tlscheck.h"
#include "settings/validators.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The trust step loads OpenSSL's default store on every run: an empty one, since the system
    // store is not outside input and reading it took most of the time (~150 runs/s instead of
    // thousands). Custom root CAs (the input itself) still go through the verification.
    static const bool emptyStore = [] {
        setenv("SSL_CERT_FILE", "/dev/null", 1);
        setenv("SSL_CERT_DIR", "/nonexistent-gantry-fuzz", 1);
        return true;
    }();
    (void)emptyStore;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // As gantryd receives it: a JSON string, so the bytes are read as UTF-8.
    const QString text = QString::fromUtf8(bytes);
    const QJsonObject fragment{
        {QStringLiteral("general"),
         QJsonObject{{QStringLiteral("hostname"), QStringLiteral("ci.example.org")}}},
        {QStringLiteral("tls"),
         QJsonObject{{QStringLiteral("certificate"), text},
                     {QStringLiteral("private_key"), text},
                     {QStringLiteral("custom_root_cas"), QJsonArray{text}}}}};
    const gantry::CheckResult result = gantry::TlsCheck::run(fragment);
    bool failed = false;
    for (const gantry::CheckStep &step : result.steps) {
        if (step.name.isEmpty() || step.message.isEmpty())
            __builtin_trap();
        failed = failed || step.level == gantry::CheckLevel::Fail;
    }
    if (result.steps.isEmpty() || result.ok() == failed)
        __builtin_trap();

    // The raw bytes too, as the helpers see them when a file is read directly.
    int bad = 0;
    const auto certificates = gantry::openssl::readCertificates(bytes, &bad);
    if (bad < 0)
        __builtin_trap();
    for (const auto &certificate : certificates) {
        (void)gantry::openssl::displayName(certificate.get());
        (void)gantry::openssl::subjectAltNames(certificate.get());
        (void)gantry::openssl::isSelfIssued(certificate.get());
    }
    if (const auto key = gantry::openssl::readPrivateKey(bytes))
        (void)gantry::openssl::keyDescription(key.get());
    QString why;
    const auto summary = gantry::certificateSummary(bytes, &why);
    if (summary.size() != qsizetype(certificates.size()))
        __builtin_trap();
    (void)gantry::Validators::check(QStringLiteral("pem_certificate_chain"),
                                    QStringLiteral("tls.certificate"), text);
    (void)gantry::Validators::check(QStringLiteral("pem_private_key_unencrypted"),
                                    QStringLiteral("tls.private_key"), text);
    (void)gantry::Validators::keyMismatch(text, text);
    return 0;
}
