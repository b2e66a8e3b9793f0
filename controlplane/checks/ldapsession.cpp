#include "ldapsession.h"

#include "opensslutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

#include <openssl/x509v3.h>

namespace gantry::ldapcheck_internal {

namespace {

QString diagnostic(LDAP *ld)
{
    char *text = nullptr;
    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &text);
    QString out = text ? QString::fromUtf8(text) : QString();
    ldap_memfree(text);
    return out;
}

bool looksLikeCertificateProblem(const QString &text)
{
    static const QRegularExpression kWords(
        QStringLiteral("certif|issuer|trust|verif|self.signed|expired|CA\\b|hostname"),
        QRegularExpression::CaseInsensitiveOption);
    return kWords.match(text).hasMatch();
}

// The result code of a result message (LDAP_OTHER without one), its text and the server's
// diagnostic in *why.
int resultOf(LDAP *ld, LDAPMessage *message, QString *why)
{
    char *diag = nullptr;
    int result = LDAP_OTHER;
    if (message)
        ldap_parse_result(ld, message, &result, nullptr, &diag, nullptr, nullptr, 0);
    *why = QString::fromUtf8(ldap_err2string(result));
    if (diag && *diag)
        *why += QStringLiteral(" (%1)").arg(QString::fromUtf8(diag));
    ldap_memfree(diag);
    return result;
}

} // namespace

QString describe(LDAP *ld, int rc)
{
    const QString diag = diagnostic(ld);
    const QString base = QString::fromUtf8(ldap_err2string(rc));
    return diag.isEmpty() || diag == base ? base : QStringLiteral("%1 (%2)").arg(base, diag);
}

bool validDn(const QString &dn)
{
    LDAPDN parsed = nullptr;
    const QByteArray utf8 = dn.toUtf8();
    const int rc = ldap_str2dn(utf8.constData(), &parsed, LDAP_DN_FORMAT_LDAPV3);
    if (parsed)
        ldap_dnfree(parsed);
    return rc == LDAP_SUCCESS;
}

void LdapSession::step(const QString &name, CheckLevel level, const QString &message)
{
    m_outcome.check.add(name, level, message, m_clock.ms());
    m_clock.restart();
}

bool LdapSession::cancelled()
{
    if (!m_options.cancelled())
        return false;
    step(kCancelled, CheckLevel::Fail, QStringLiteral("the check was cancelled"));
    m_outcome.verdict = LdapCheck::Verdict::Unavailable;
    return true;
}

MessagePtr LdapSession::waitFor(LDAP *ld, int msgid, bool *timedOut, int *rc)
{
    QElapsedTimer elapsed;
    elapsed.start();
    *timedOut = false;
    while (true) {
        if (m_options.cancelled()) {
            ldap_abandon_ext(ld, msgid, nullptr, nullptr);
            return nullptr;
        }
        if (elapsed.elapsed() >= m_options.stepTimeout.count()) {
            ldap_abandon_ext(ld, msgid, nullptr, nullptr);
            *timedOut = true;
            return nullptr;
        }
        struct timeval slice = {0, 100 * 1000};
        LDAPMessage *message = nullptr;
        const int type = ldap_result(ld, msgid, LDAP_MSG_ALL, &slice, &message);
        if (type > 0)
            return MessagePtr(message);
        if (type < 0) {
            int error = LDAP_OTHER;
            ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &error);
            *rc = error;
            ldap_msgfree(message);
            return nullptr;
        }
    }
}

QString LdapSession::timeoutText() const
{
    return QStringLiteral("no answer within %1 s").arg(m_options.stepTimeout.count() / 1000.0);
}

LdapPtr LdapSession::open(const Config &config, const QString &caFile, QString *error, bool verify)
{
    LDAP *raw = nullptr;
    const QByteArray url = config.url().toUtf8();
    int rc = ldap_initialize(&raw, url.constData());
    LdapPtr ld(raw);
    if (rc != LDAP_SUCCESS) {
        *error = QString::fromUtf8(ldap_err2string(rc));
        return nullptr;
    }
    const int version = LDAP_VERSION3;
    ldap_set_option(ld.get(), LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(ld.get(), LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    const qint64 ms = m_options.stepTimeout.count();
    struct timeval timeout = {time_t(ms / 1000), suseconds_t((ms % 1000) * 1000)};
    ldap_set_option(ld.get(), LDAP_OPT_NETWORK_TIMEOUT, &timeout);
    ldap_set_option(ld.get(), LDAP_OPT_TIMEOUT, &timeout);
    if (config.encryption != Encryption::Plain) {
        // GnuTLS-based libldap: CAs only through a file, then a fresh TLS context.
        const int demand = verify ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
        ldap_set_option(ld.get(), LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
        const QByteArray path = QFile::encodeName(caFile);
        if (!path.isEmpty())
            ldap_set_option(ld.get(), LDAP_OPT_X_TLS_CACERTFILE, path.constData());
        const int isServer = 0;
        rc = ldap_set_option(ld.get(), LDAP_OPT_X_TLS_NEWCTX, &isServer);
        if (rc != LDAP_SUCCESS) {
            *error = QStringLiteral("cannot set up TLS with the CA file: %1")
                         .arg(describe(ld.get(), rc));
            return nullptr;
        }
    }
    return ld;
}

bool LdapSession::connect(LDAP *ld, const Config &config, bool reportTls, const QString &stepName)
{
    int rc = ldap_connect(ld);
    if (rc != LDAP_SUCCESS) {
        const QString why = describe(ld, rc);
        if (config.encryption == Encryption::Ldaps)
            tlsFailure(config, why);
        else
            step(stepName, CheckLevel::Fail,
                 QStringLiteral("cannot connect to %1: %2").arg(config.url(), why));
        return false;
    }
    if (config.encryption == Encryption::StartTls) {
        rc = ldap_start_tls_s(ld, nullptr, nullptr);
        if (rc != LDAP_SUCCESS) {
            tlsFailure(config, describe(ld, rc));
            return false;
        }
    }
    if (reportTls && config.encryption != Encryption::Plain) {
        step(kTls, CheckLevel::Ok,
             config.encryption == Encryption::Ldaps
                 ? QStringLiteral("LDAPS handshake with %1; certificate verified").arg(config.url())
                 : QStringLiteral("StartTLS with %1; certificate verified").arg(config.url()));
    }
    return true;
}

void LdapSession::tlsFailure(const Config &config, const QString &why)
{
    const QString how = config.encryption == Encryption::Ldaps ? QStringLiteral("LDAPS")
                                                               : QStringLiteral("StartTLS");
    // GnuTLS-based libldap often says only "(unknown error code)": retry without
    // verification to tell a certificate problem from others, and explain it from the
    // server's certificate.
    const QString certificate = certificateProblem(config);
    if (!certificate.isEmpty() || looksLikeCertificateProblem(why))
        step(kTls, CheckLevel::Fail,
             QStringLiteral("certificate not trusted: %1 (%2 with %3)")
                 .arg(certificate.isEmpty() ? why : certificate, how, config.url()));
    else
        step(kTls, CheckLevel::Fail,
             QStringLiteral("%1 with %2 failed: %3").arg(how, config.url(), why));
}

QString LdapSession::certificateProblem(const Config &config)
{
    QString error;
    LdapPtr ld = open(config, QString(), &error, false);
    if (!ld || ldap_connect(ld.get()) != LDAP_SUCCESS)
        return {};
    if (config.encryption == Encryption::StartTls &&
        ldap_start_tls_s(ld.get(), nullptr, nullptr) != LDAP_SUCCESS)
        return {};
    struct berval der = {0, nullptr};
    if (ldap_get_option(ld.get(), LDAP_OPT_X_TLS_PEERCERT, &der) != LDAP_OPT_SUCCESS || !der.bv_val)
        return QStringLiteral("the server's certificate does not verify");
    const auto *bytes = reinterpret_cast<const unsigned char *>(der.bv_val);
    openssl::X509Ptr cert(d2i_X509(nullptr, &bytes, long(der.bv_len)));
    ber_memfree(der.bv_val);
    if (!cert)
        return QStringLiteral("the server's certificate does not parse");
    const QString name = openssl::displayName(cert.get());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (openssl::notAfter(cert.get()) < now)
        return QStringLiteral("the server's certificate %1 expired on %2")
            .arg(name, openssl::notAfter(cert.get()).toString(Qt::ISODate));
    if (openssl::notBefore(cert.get()) > now)
        return QStringLiteral("the server's certificate %1 is not valid before %2")
            .arg(name, openssl::notBefore(cert.get()).toString(Qt::ISODate));
    const QByteArray host = config.host.toUtf8();
    const bool isIp = !QHostAddress(config.host).isNull();
    const int match =
        isIp ? X509_check_ip_asc(cert.get(), host.constData(), 0)
             : X509_check_host(cert.get(), host.constData(), size_t(host.size()), 0, nullptr);
    if (match != 1) {
        QStringList names = openssl::subjectAltNames(cert.get());
        if (names.isEmpty())
            names.append(name);
        return QStringLiteral("ldap.host %1 is not a name in the server's certificate (it "
                              "names %2)")
            .arg(config.host, names.join(QStringLiteral(", ")));
    }
    return QStringLiteral("the server's certificate %1 (issuer %2) is not signed by a CA in "
                          "tls.custom_root_cas or the system store; add the server's root "
                          "CA to tls.custom_root_cas")
        .arg(name, openssl::issuerText(cert.get()));
}

MessagePtr LdapSession::answerTo(LDAP *ld, int rc, int msgid, QString *why, int *code)
{
    if (rc != LDAP_SUCCESS) {
        *why = describe(ld, rc);
        *code = rc;
        return nullptr;
    }
    bool timedOut = false;
    MessagePtr answer = waitFor(ld, msgid, &timedOut, &rc);
    if (!answer) {
        *why = timedOut ? timeoutText() : describe(ld, rc);
        *code = timedOut || m_options.cancelled() ? -1 : rc;
    }
    return answer;
}

int LdapSession::bind(LDAP *ld, const QString &dn, const QString &password, QString *why)
{
    const QByteArray dnUtf8 = dn.toUtf8();
    QByteArray secret = password.toUtf8();
    struct berval cred = {ber_len_t(secret.size()), secret.data()};
    int msgid = 0;
    int rc =
        ldap_sasl_bind(ld, dnUtf8.constData(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, &msgid);
    secret.fill('\0');
    int code = 0;
    const MessagePtr answer = answerTo(ld, rc, msgid, why, &code);
    if (!answer)
        return code;
    return resultOf(ld, answer.get(), why);
}

int LdapSession::search(LDAP *ld, const QString &base, int scope, const QString &filter,
                        const QString &attribute, QList<QPair<QString, QString>> *entries,
                        QString *why)
{
    const QByteArray baseUtf8 = base.toUtf8();
    const QByteArray filterUtf8 = filter.toUtf8();
    QByteArray attr = attribute.isEmpty() ? QByteArrayLiteral("1.1") : attribute.toUtf8();
    char *attrs[] = {attr.data(), nullptr};
    const qint64 ms = m_options.stepTimeout.count();
    struct timeval limit = {time_t(qMax<qint64>(1, ms / 1000)), 0};
    int msgid = 0;
    int rc = ldap_search_ext(ld, baseUtf8.constData(), scope, filterUtf8.constData(), attrs, 0,
                             nullptr, nullptr, &limit, 2, &msgid);
    int code = 0;
    const MessagePtr answer = answerTo(ld, rc, msgid, why, &code);
    if (!answer)
        return code;
    for (LDAPMessage *entry = ldap_first_entry(ld, answer.get()); entry;
         entry = ldap_next_entry(ld, entry)) {
        char *dn = ldap_get_dn(ld, entry);
        QString value;
        if (!attribute.isEmpty()) {
            struct berval **values = ldap_get_values_len(ld, entry, attr.constData());
            if (values && values[0])
                value = QString::fromUtf8(values[0]->bv_val, qsizetype(values[0]->bv_len));
            ldap_value_free_len(values);
        }
        entries->append({dn ? QString::fromUtf8(dn) : QString(), value});
        ldap_memfree(dn);
    }
    LDAPMessage *done = answer.get();
    while (done && ldap_msgtype(done) != LDAP_RES_SEARCH_RESULT)
        done = ldap_next_message(ld, done);
    return resultOf(ld, done, why);
}

std::unique_ptr<QTemporaryFile> writeCaFile(const QStringList &customRootCas, QString *error)
{
    auto file = std::make_unique<QTemporaryFile>(QDir::tempPath() +
                                                 QStringLiteral("/gantry-ldap-ca-XXXXXX.pem"));
    if (!file->open()) {
        *error = QStringLiteral("cannot write a temporary CA file in %1: %2")
                     .arg(QDir::tempPath(), file->errorString());
        return nullptr;
    }
    for (const QString &ca : customRootCas)
        file->write(ca.trimmed().toUtf8() + '\n');
    for (const char *bundle :
         {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"}) {
        QFile system(QString::fromLatin1(bundle));
        if (system.open(QIODevice::ReadOnly)) {
            file->write(system.readAll());
            break;
        }
    }
    file->flush();
    return file;
}

} // namespace gantry::ldapcheck_internal
