#include "tlscheck.h"

#include "opensslutil.h"

#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace gantry {

namespace {

using openssl::displayName;

struct StoreFree
{
    void operator()(X509_STORE *p) const { X509_STORE_free(p); }
};
struct StoreCtxFree
{
    void operator()(X509_STORE_CTX *p) const { X509_STORE_CTX_free(p); }
};
struct StackFree
{
    void operator()(STACK_OF(X509) * p) const { sk_X509_free(p); }
};

QString certLabel(const std::vector<openssl::X509Ptr> &chain, size_t index)
{
    return QStringLiteral("certificate %1 (%2)")
        .arg(index + 1)
        .arg(displayName(chain[index].get()));
}

} // namespace

CheckResult TlsCheck::run(const QJsonObject &fragment, const CheckOptions &options)
{
    const SettingsFragment settings(fragment);
    CheckResult result;
    StepClock clock;
    auto step = [&](const QString &name, CheckLevel level, const QString &message) {
        result.add(name, level, message, clock.ms());
        clock.restart();
    };
    const QString kCertificate = QStringLiteral("certificate");
    const QString kKey = QStringLiteral("private key");

    // --- certificate
    const QByteArray certPem = settings.text(QStringLiteral("tls"), kCertificate).toUtf8();
    if (certPem.isEmpty()) {
        step(kCertificate, CheckLevel::Fail,
             QStringLiteral("tls.certificate is empty: paste the PEM chain, leaf first "
                            "(-----BEGIN CERTIFICATE----- ...)"));
        return result;
    }
    int bad = 0;
    std::vector<openssl::X509Ptr> chain = openssl::readCertificates(certPem, &bad);
    if (chain.empty()) {
        step(kCertificate, CheckLevel::Fail,
             bad > 0 ? QStringLiteral("tls.certificate: the PEM certificate does not parse")
                     : QStringLiteral("tls.certificate: no PEM certificate found (expected "
                                      "-----BEGIN CERTIFICATE-----)"));
        return result;
    }
    if (bad > 0) {
        step(kCertificate, CheckLevel::Fail,
             QStringLiteral("tls.certificate: %1 of %2 PEM certificate blocks do not parse")
                 .arg(bad)
                 .arg(bad + int(chain.size())));
        return result;
    }
    step(kCertificate, CheckLevel::Ok,
         QStringLiteral("%1 certificate(s); leaf %2")
             .arg(chain.size())
             .arg(displayName(chain[0].get())));
    const auto cancelled = [&]() {
        if (!options.cancelled())
            return false;
        step(QStringLiteral("cancelled"), CheckLevel::Fail,
             QStringLiteral("the check was cancelled"));
        return true;
    };

    // --- private key
    const QByteArray keyPem =
        settings.text(QStringLiteral("tls"), QStringLiteral("private_key")).toUtf8();
    openssl::PkeyPtr key;
    if (keyPem.isEmpty()) {
        step(kKey, CheckLevel::Fail,
             QStringLiteral("tls.private_key is empty: paste the unencrypted PEM private key"));
    } else if (openssl::isEncryptedPem(keyPem)) {
        step(kKey, CheckLevel::Fail,
             QStringLiteral("tls.private_key is encrypted; the installation needs an unencrypted "
                            "PEM key (decrypt it with: openssl pkey -in KEY -out KEY.plain)"));
    } else if (key = openssl::readPrivateKey(keyPem); !key) {
        step(kKey, CheckLevel::Fail,
             QStringLiteral("tls.private_key is not a PEM private key (expected -----BEGIN "
                            "PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE KEY-----)"));
    } else if (EVP_PKEY_is_a(key.get(), "RSA") && EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
        step(kKey, CheckLevel::Fail,
             QStringLiteral("tls.private_key is %1; RSA keys need at least %2 bits")
                 .arg(openssl::keyDescription(key.get()))
                 .arg(kMinRsaBits));
    } else {
        step(kKey, CheckLevel::Ok, openssl::keyDescription(key.get()));
    }
    if (cancelled())
        return result;

    // --- key matches certificate
    if (key) {
        const bool match = X509_check_private_key(chain[0].get(), key.get()) == 1;
        ERR_clear_error();
        if (match) {
            step(QStringLiteral("key matches certificate"), CheckLevel::Ok,
                 QStringLiteral("the private key belongs to %1").arg(displayName(chain[0].get())));
        } else {
            // Maybe the leaf is not first: say which certificate the key belongs to.
            QString hint;
            for (size_t i = 1; i < chain.size(); ++i) {
                if (X509_check_private_key(chain[i].get(), key.get()) == 1)
                    hint = QStringLiteral("; it belongs to %1, so put that certificate first")
                               .arg(certLabel(chain, i));
            }
            ERR_clear_error();
            step(QStringLiteral("key matches certificate"), CheckLevel::Fail,
                 QStringLiteral("the private key does not belong to the leaf certificate %1%2")
                     .arg(displayName(chain[0].get()), hint));
        }
    }

    // --- chain order: leaf first, each certificate issued by the next one
    {
        const QString name = QStringLiteral("chain order");
        QString problem;
        for (size_t i = 0; i + 1 < chain.size() && problem.isEmpty(); ++i) {
            if (X509_check_issued(chain[i + 1].get(), chain[i].get()) == X509_V_OK)
                continue;
            // Out of order when the certificates are all there but not in sequence: the
            // issuer of certificate i sits elsewhere, or certificate i issued an earlier one.
            size_t issuer = chain.size();
            size_t issued = chain.size();
            for (size_t j = 0; j < chain.size(); ++j) {
                if (j != i && X509_check_issued(chain[j].get(), chain[i].get()) == X509_V_OK)
                    issuer = j;
                if (j != i && X509_check_issued(chain[i].get(), chain[j].get()) == X509_V_OK)
                    issued = j;
            }
            if (issuer < chain.size()) {
                problem = QStringLiteral("out of order: %1 is issued by %2, not by the next "
                                         "one; order the file leaf first, then each issuer")
                              .arg(certLabel(chain, i), certLabel(chain, issuer));
            } else if (issued < chain.size()) {
                problem = QStringLiteral("out of order: %1 issued %2, so it must come after it; "
                                         "order the file leaf first, then each issuer")
                              .arg(certLabel(chain, i), certLabel(chain, issued));
            } else {
                problem = QStringLiteral("%1 is not issued by %2: an intermediate certificate "
                                         "(issuer %3) is missing or the file mixes chains")
                              .arg(certLabel(chain, i), certLabel(chain, i + 1),
                                   openssl::issuerText(chain[i].get()));
            }
        }
        if (!problem.isEmpty())
            step(name, CheckLevel::Fail, problem);
        else if (chain.size() == 1)
            step(name, CheckLevel::Ok, QStringLiteral("a single certificate"));
        else
            step(name, CheckLevel::Ok,
                 QStringLiteral("leaf first, each of the %1 certificates issued by the next")
                     .arg(chain.size()));
    }

    // --- host name
    {
        const QString name = QStringLiteral("host name");
        const QString hostname =
            settings.text(QStringLiteral("general"), QStringLiteral("hostname"));
        if (hostname.isEmpty()) {
            step(name, CheckLevel::Warn,
                 QStringLiteral("general.hostname is not set, so the host name was not checked"));
        } else {
            const QByteArray host = hostname.toUtf8();
            QHostAddress address;
            const bool isIp = address.setAddress(hostname);
            const int match = isIp ? X509_check_ip_asc(chain[0].get(), host.constData(), 0)
                                   : X509_check_host(chain[0].get(), host.constData(),
                                                     size_t(host.size()), 0, nullptr);
            ERR_clear_error();
            if (match == 1) {
                step(name, CheckLevel::Ok,
                     QStringLiteral("%1 matches the certificate").arg(hostname));
            } else {
                QStringList names = openssl::subjectAltNames(chain[0].get());
                if (names.isEmpty())
                    names.append(displayName(chain[0].get()));
                step(name, CheckLevel::Fail,
                     QStringLiteral("general.hostname %1 is not in the certificate (it names %2)")
                         .arg(hostname, names.join(QStringLiteral(", "))));
            }
        }
    }

    // --- validity
    {
        const QString name = QStringLiteral("validity");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QStringList failures;
        QStringList warnings;
        for (size_t i = 0; i < chain.size(); ++i) {
            const QDateTime from = openssl::notBefore(chain[i].get());
            const QDateTime until = openssl::notAfter(chain[i].get());
            if (until < now) {
                failures.append(QStringLiteral("%1 expired on %2")
                                    .arg(certLabel(chain, i), until.toString(Qt::ISODate)));
            } else if (from > now) {
                failures.append(QStringLiteral("%1 is not valid before %2")
                                    .arg(certLabel(chain, i), from.toString(Qt::ISODate)));
            } else if (now.daysTo(until) < kWarnDays) {
                warnings.append(QStringLiteral("%1 expires in %2 day(s), on %3")
                                    .arg(certLabel(chain, i))
                                    .arg(now.daysTo(until))
                                    .arg(until.toString(Qt::ISODate)));
            }
        }
        if (!failures.isEmpty())
            step(name, CheckLevel::Fail, failures.join(QStringLiteral("; ")));
        else if (!warnings.isEmpty())
            step(name, CheckLevel::Warn, warnings.join(QStringLiteral("; ")));
        else
            step(name, CheckLevel::Ok,
                 QStringLiteral("valid until %1")
                     .arg(openssl::notAfter(chain[0].get()).toString(Qt::ISODate)));
    }
    if (cancelled())
        return result;

    // --- trust: against custom_root_cas and the system store; time and host name have their
    // own steps, so they are left out here.
    {
        const QString name = QStringLiteral("trust");
        std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
        X509_STORE_set_default_paths(store.get());
        int customCount = 0;
        for (const QString &ca :
             settings.list(QStringLiteral("tls"), QStringLiteral("custom_root_cas"))) {
            for (auto &cert : openssl::readCertificates(ca.toUtf8())) {
                X509_STORE_add_cert(store.get(), cert.get());
                ++customCount;
            }
        }
        ERR_clear_error();
        std::unique_ptr<STACK_OF(X509), StackFree> untrusted(sk_X509_new_null());
        for (size_t i = 1; i < chain.size(); ++i)
            sk_X509_push(untrusted.get(), chain[i].get());
        std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
        X509_STORE_CTX_init(ctx.get(), store.get(), chain[0].get(), untrusted.get());
        X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_NO_CHECK_TIME);
        X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
        const bool trusted = X509_verify_cert(ctx.get()) == 1;
        const int error = X509_STORE_CTX_get_error(ctx.get());
        X509 *failing = X509_STORE_CTX_get_current_cert(ctx.get());
        ERR_clear_error();
        const bool selfSigned = openssl::isSelfIssued(chain.back().get());
        if (trusted) {
            step(name, CheckLevel::Ok,
                 customCount > 0 ? QStringLiteral("trusted (system store and %1 custom root "
                                                  "certificate(s))")
                                       .arg(customCount)
                                 : QStringLiteral("trusted by the system store"));
        } else if (selfSigned && chain.size() == 1) {
            step(name, CheckLevel::Warn,
                 QStringLiteral("the certificate is self-signed: browsers and build nodes will "
                                "not trust it until it is added to their trust stores (and to "
                                "tls.custom_root_cas)"));
        } else if (selfSigned && (error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN)) {
            step(name, CheckLevel::Warn,
                 QStringLiteral("the chain ends in the self-signed root %1 which is not in the "
                                "system store: add it to tls.custom_root_cas")
                     .arg(displayName(chain.back().get())));
        } else {
            QString message = QStringLiteral("certificate not trusted: %1")
                                  .arg(QString::fromLatin1(X509_verify_cert_error_string(error)));
            if (failing)
                message += QStringLiteral(" (at %1)").arg(displayName(failing));
            if (error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
                error == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE)
                message += QStringLiteral("; add the missing intermediate certificate to "
                                          "tls.certificate, or the root to tls.custom_root_cas");
            step(name, CheckLevel::Fail, message);
        }
    }
    return result;
}

} // namespace gantry
