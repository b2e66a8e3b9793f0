#include "ldapcheck.h"

#include "opensslutil.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <memory>

#include <ldap.h>
#include <openssl/x509v3.h>

namespace gantry {

namespace {

const QString kSettings = QStringLiteral("settings");
const QString kConnect = QStringLiteral("connect");
const QString kTls = QStringLiteral("tls");
const QString kSearchBind = QStringLiteral("search user bind");
const QString kFindUser = QStringLiteral("find user");
const QString kUserBind = QStringLiteral("user bind");
const QString kGroup = QStringLiteral("group membership");
const QString kCancelled = QStringLiteral("cancelled");

enum class Encryption { Plain, StartTls, Ldaps };

struct Config
{
    QString host;
    int port = 0;
    Encryption encryption = Encryption::Plain;
    QString searchUser;
    QString searchPassword;
    QString userSearchDn;
    QString usernameAttribute;
    QString groupMembershipAttribute;
    QString groupObjectClass;
    QString restrictedGroup;
    QStringList customRootCas;

    QString url() const
    {
        const QString h = QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol
                              ? QStringLiteral("[%1]").arg(host)
                              : host;
        return QStringLiteral("%1://%2:%3")
            .arg(encryption == Encryption::Ldaps ? QStringLiteral("ldaps") : QStringLiteral("ldap"),
                 h)
            .arg(port);
    }
};

struct LdapUnbind
{
    void operator()(LDAP *ld) const { ldap_unbind_ext_s(ld, nullptr, nullptr); }
};
using LdapPtr = std::unique_ptr<LDAP, LdapUnbind>;

struct MessageFree
{
    void operator()(LDAPMessage *m) const { ldap_msgfree(m); }
};
using MessagePtr = std::unique_ptr<LDAPMessage, MessageFree>;

QString diagnostic(LDAP *ld)
{
    char *text = nullptr;
    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &text);
    QString out = text ? QString::fromUtf8(text) : QString();
    ldap_memfree(text);
    return out;
}

QString describe(LDAP *ld, int rc)
{
    const QString diag = diagnostic(ld);
    const QString base = QString::fromUtf8(ldap_err2string(rc));
    return diag.isEmpty() || diag == base ? base : QStringLiteral("%1 (%2)").arg(base, diag);
}

bool looksLikeCertificateProblem(const QString &text)
{
    static const QRegularExpression kWords(
        QStringLiteral("certif|issuer|trust|verif|self.signed|expired|CA\\b|hostname"),
        QRegularExpression::CaseInsensitiveOption);
    return kWords.match(text).hasMatch();
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

class Run final
{
public:
    Run(const CheckOptions &options, LdapCheck::Outcome &outcome)
        : m_options(options)
        , m_outcome(outcome)
    {}

    void step(const QString &name, CheckLevel level, const QString &message)
    {
        m_outcome.check.add(name, level, message, m_clock.ms());
        m_clock.restart();
    }
    bool cancelled()
    {
        if (!m_options.cancelled())
            return false;
        step(kCancelled, CheckLevel::Fail, QStringLiteral("the check was cancelled"));
        m_outcome.verdict = LdapCheck::Verdict::Unavailable;
        return true;
    }
    // Polls for the answer to msgid in short slices so a cancel is noticed; nullptr on
    // timeout or cancel (the operation is then abandoned), with *timedOut saying which.
    MessagePtr waitFor(LDAP *ld, int msgid, bool *timedOut, int *rc)
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
    QString timeoutText() const
    {
        return QStringLiteral("no answer within %1 s").arg(m_options.stepTimeout.count() / 1000.0);
    }

    // ldap_initialize plus options, including the CA file for TLS; the connection itself happens
    // in connect().
    LdapPtr open(const Config &config, const QString &caFile, QString *error, bool verify = true)
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

    // Connects (TCP, and for LDAPS the handshake) and runs StartTLS when asked. Reports the tls
    // step only when reportTls; failures are always reported under stepName or kTls.
    bool connect(LDAP *ld, const Config &config, bool reportTls, const QString &stepName)
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
                     ? QStringLiteral("LDAPS handshake with %1; certificate verified")
                           .arg(config.url())
                     : QStringLiteral("StartTLS with %1; certificate verified").arg(config.url()));
        }
        return true;
    }

    void tlsFailure(const Config &config, const QString &why)
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

    // Empty when even an unverified handshake fails (not a certificate problem).
    QString certificateProblem(const Config &config)
    {
        QString error;
        LdapPtr ld = open(config, QString(), &error, false);
        if (!ld || ldap_connect(ld.get()) != LDAP_SUCCESS)
            return {};
        if (config.encryption == Encryption::StartTls &&
            ldap_start_tls_s(ld.get(), nullptr, nullptr) != LDAP_SUCCESS)
            return {};
        struct berval der = {0, nullptr};
        if (ldap_get_option(ld.get(), LDAP_OPT_X_TLS_PEERCERT, &der) != LDAP_OPT_SUCCESS ||
            !der.bv_val)
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

    // Simple bind; returns the LDAP result code, or -1 on timeout/cancel (already reported as
    // cancelled when cancelled).
    int bind(LDAP *ld, const QString &dn, const QString &password, QString *why)
    {
        const QByteArray dnUtf8 = dn.toUtf8();
        QByteArray secret = password.toUtf8();
        struct berval cred = {ber_len_t(secret.size()), secret.data()};
        int msgid = 0;
        int rc = ldap_sasl_bind(ld, dnUtf8.constData(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr,
                                &msgid);
        secret.fill('\0');
        if (rc != LDAP_SUCCESS) {
            *why = describe(ld, rc);
            return rc;
        }
        bool timedOut = false;
        MessagePtr answer = waitFor(ld, msgid, &timedOut, &rc);
        if (!answer) {
            *why = timedOut ? timeoutText() : describe(ld, rc);
            return timedOut || m_options.cancelled() ? -1 : rc;
        }
        char *diag = nullptr;
        int result = LDAP_OTHER;
        ldap_parse_result(ld, answer.get(), &result, nullptr, &diag, nullptr, nullptr, 0);
        *why = QString::fromUtf8(ldap_err2string(result));
        if (diag && *diag)
            *why += QStringLiteral(" (%1)").arg(QString::fromUtf8(diag));
        ldap_memfree(diag);
        return result;
    }

    // Search; returns the result code (LDAP_SUCCESS, LDAP_SIZELIMIT_EXCEEDED, ...) or -1 on
    // timeout/cancel; *entries gets the DNs and the first value of attribute per entry.
    int search(LDAP *ld, const QString &base, int scope, const QString &filter,
               const QString &attribute, QList<QPair<QString, QString>> *entries, QString *why)
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
        if (rc != LDAP_SUCCESS) {
            *why = describe(ld, rc);
            return rc;
        }
        bool timedOut = false;
        MessagePtr answer = waitFor(ld, msgid, &timedOut, &rc);
        if (!answer) {
            *why = timedOut ? timeoutText() : describe(ld, rc);
            return timedOut || m_options.cancelled() ? -1 : rc;
        }
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
        char *diag = nullptr;
        int result = LDAP_OTHER;
        LDAPMessage *done = answer.get();
        while (done && ldap_msgtype(done) != LDAP_RES_SEARCH_RESULT)
            done = ldap_next_message(ld, done);
        if (done)
            ldap_parse_result(ld, done, &result, nullptr, &diag, nullptr, nullptr, 0);
        *why = QString::fromUtf8(ldap_err2string(result));
        if (diag && *diag)
            *why += QStringLiteral(" (%1)").arg(QString::fromUtf8(diag));
        ldap_memfree(diag);
        return result;
    }

private:
    const CheckOptions &m_options;
    LdapCheck::Outcome &m_outcome;
    StepClock m_clock;
};

// The CA file libldap (GnuTLS) verifies against: the custom root CAs, then the system bundle.
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

} // namespace

QString LdapCheck::escapeFilterValue(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '*':
            out += QStringLiteral("\\2a");
            break;
        case '(':
            out += QStringLiteral("\\28");
            break;
        case ')':
            out += QStringLiteral("\\29");
            break;
        case '\\':
            out += QStringLiteral("\\5c");
            break;
        case 0:
            out += QStringLiteral("\\00");
            break;
        default:
            out += c;
        }
    }
    return out;
}

bool LdapCheck::isAttributeName(const QString &name)
{
    static const QRegularExpression kName(
        QStringLiteral("^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+)$"));
    return kName.match(name).hasMatch();
}

LdapCheck::Outcome LdapCheck::run(const QJsonObject &fragment, const QString &username,
                                  const QString &password, const CheckOptions &options)
{
    Outcome outcome;
    Run run(options, outcome);
    const SettingsFragment settings(fragment);
    const QString ldap = QStringLiteral("ldap");

    // --- settings
    Config config;
    QStringList problems;
    config.host = settings.text(ldap, QStringLiteral("host"));
    if (config.host.isEmpty())
        problems.append(QStringLiteral("ldap.host is empty (expected a host name or IP address)"));
    const QString encryption = settings.text(ldap, QStringLiteral("encryption"));
    if (encryption.isEmpty() || encryption == QLatin1String("plain"))
        config.encryption = Encryption::Plain;
    else if (encryption == QLatin1String("starttls"))
        config.encryption = Encryption::StartTls;
    else if (encryption == QLatin1String("ldaps"))
        config.encryption = Encryption::Ldaps;
    else
        problems.append(QStringLiteral("ldap.encryption is \"%1\" (expected plain, starttls or "
                                       "ldaps)")
                            .arg(encryption));
    const QString portText = settings.text(ldap, QStringLiteral("port"));
    if (portText.isEmpty()) {
        config.port = config.encryption == Encryption::Ldaps ? 636 : 389;
    } else {
        bool ok = false;
        config.port = portText.toInt(&ok);
        if (!ok || config.port < 1 || config.port > 65535)
            problems.append(
                QStringLiteral("ldap.port is \"%1\" (expected 1 to 65535)").arg(portText));
    }
    const bool activeDirectory =
        settings.text(ldap, QStringLiteral("server_type")) == QLatin1String("active_directory");
    auto withPreset = [&](const QString &item, const char *openldap, const char *ad) {
        const QString v = settings.text(ldap, item);
        return v.isEmpty() ? QString::fromLatin1(activeDirectory ? ad : openldap) : v;
    };
    config.usernameAttribute =
        withPreset(QStringLiteral("username_attribute"), "uid", "sAMAccountName");
    config.groupMembershipAttribute =
        withPreset(QStringLiteral("group_membership_attribute"), "uniqueMember", "member");
    config.groupObjectClass =
        withPreset(QStringLiteral("group_object_class"), "groupOfUniqueNames", "group");
    for (const auto &[item, value] :
         {std::pair{QStringLiteral("username_attribute"), config.usernameAttribute},
          std::pair{QStringLiteral("group_membership_attribute"),
                    config.groupMembershipAttribute}}) {
        if (!isAttributeName(value))
            problems.append(QStringLiteral("ldap.%1 is \"%2\" (expected an attribute name such "
                                           "as uid, mail or sAMAccountName)")
                                .arg(item, value));
    }
    if (!isAttributeName(config.groupObjectClass))
        problems.append(QStringLiteral("ldap.group_object_class is \"%1\" (expected an object "
                                       "class such as groupOfUniqueNames or group)")
                            .arg(config.groupObjectClass));
    config.searchUser = settings.text(ldap, QStringLiteral("search_user"));
    const QJsonValue searchPassword = settings.value(ldap, QStringLiteral("search_password"));
    if (searchPassword.isObject())
        problems.append(QStringLiteral("ldap.search_password is a kept secret, not its value: "
                                       "the caller must fill in the saved password"));
    config.searchPassword = searchPassword.toString();
    config.userSearchDn = settings.text(ldap, QStringLiteral("user_search_dn"));
    config.restrictedGroup = settings.text(ldap, QStringLiteral("restricted_group"));
    for (const auto &[item, value] :
         {std::pair{QStringLiteral("search_user"), config.searchUser},
          std::pair{QStringLiteral("user_search_dn"), config.userSearchDn},
          std::pair{QStringLiteral("restricted_group"), config.restrictedGroup}}) {
        if (!value.isEmpty() && !validDn(value))
            problems.append(QStringLiteral("ldap.%1 \"%2\" is not a DN (expected e.g. "
                                           "ou=users,dc=example,dc=org)")
                                .arg(item, value));
    }
    if (config.userSearchDn.isEmpty())
        problems.append(QStringLiteral("ldap.user_search_dn is empty (expected the DN under "
                                       "which users live, e.g. ou=users,dc=example,dc=org)"));
    if (username.isEmpty())
        problems.append(QStringLiteral("the test user name is empty"));
    // An empty password makes a simple bind "unauthenticated": it would succeed for anyone.
    if (password.isEmpty())
        problems.append(QStringLiteral("the test user's password is empty"));
    config.customRootCas = settings.list(QStringLiteral("tls"), QStringLiteral("custom_root_cas"));
    if (!problems.isEmpty()) {
        run.step(kSettings, CheckLevel::Fail, problems.join(QStringLiteral("; ")));
        return outcome;
    }
    run.step(kSettings, CheckLevel::Ok,
             QStringLiteral("%1, users by %2 under %3")
                 .arg(config.url(), config.usernameAttribute, config.userSearchDn));

    // --- connect: a TCP probe first, so "cannot connect" is never confused with TLS problems
    {
        QTcpSocket probe;
        probe.connectToHost(config.host, quint16(config.port));
        QElapsedTimer elapsed;
        elapsed.start();
        while (probe.state() != QAbstractSocket::ConnectedState &&
               elapsed.elapsed() < options.stepTimeout.count() && !options.cancelled()) {
            if (!probe.waitForConnected(100) && probe.state() == QAbstractSocket::UnconnectedState)
                break;
        }
        if (run.cancelled())
            return outcome;
        if (probe.state() != QAbstractSocket::ConnectedState) {
            run.step(
                kConnect, CheckLevel::Fail,
                QStringLiteral("cannot connect to %1: %2")
                    .arg(config.url(), probe.error() == QAbstractSocket::UnknownSocketError ||
                                               probe.error() == QAbstractSocket::SocketTimeoutError
                                           ? run.timeoutText()
                                           : probe.errorString()));
            return outcome;
        }
        probe.abort();
    }
    std::unique_ptr<QTemporaryFile> caFile;
    if (config.encryption != Encryption::Plain) {
        QString error;
        caFile = writeCaFile(config.customRootCas, &error);
        if (!caFile) {
            run.step(kTls, CheckLevel::Fail, error);
            return outcome;
        }
    }
    const QString caPath = caFile ? caFile->fileName() : QString();
    QString error;
    LdapPtr ld = run.open(config, caPath, &error);
    if (!ld) {
        run.step(kConnect, CheckLevel::Fail,
                 QStringLiteral("cannot connect to %1: %2").arg(config.url(), error));
        return outcome;
    }
    if (config.encryption == Encryption::Ldaps) {
        run.step(kConnect, CheckLevel::Ok, QStringLiteral("%1 answers").arg(config.url()));
        if (!run.connect(ld.get(), config, true, kConnect))
            return outcome;
    } else {
        if (!run.connect(ld.get(), config, false, kConnect))
            return outcome;
        run.step(kConnect, CheckLevel::Ok, QStringLiteral("connected to %1").arg(config.url()));
        if (config.encryption == Encryption::StartTls)
            run.step(kTls, CheckLevel::Ok,
                     QStringLiteral("StartTLS with %1; certificate verified").arg(config.url()));
    }
    if (run.cancelled())
        return outcome;

    // --- search user bind
    if (config.searchUser.isEmpty()) {
        run.step(kSearchBind, CheckLevel::Warn,
                 QStringLiteral("no ldap.search_user: searching anonymously, which most "
                                "directories refuse"));
    } else {
        QString why;
        const int rc = run.bind(ld.get(), config.searchUser, config.searchPassword, &why);
        if (run.cancelled())
            return outcome;
        if (rc != LDAP_SUCCESS) {
            run.step(kSearchBind, CheckLevel::Fail,
                     rc == LDAP_INVALID_CREDENTIALS
                         ? QStringLiteral("invalid credentials for the search user %1: check "
                                          "ldap.search_user and ldap.search_password")
                               .arg(config.searchUser)
                         : QStringLiteral("cannot bind as the search user %1: %2")
                               .arg(config.searchUser, why));
            return outcome;
        }
        run.step(kSearchBind, CheckLevel::Ok, QStringLiteral("bound as %1").arg(config.searchUser));
    }

    // --- find user
    const QString assertion =
        QStringLiteral("%1=%2").arg(config.usernameAttribute, escapeFilterValue(username));
    {
        QList<QPair<QString, QString>> entries;
        QString why;
        const int rc = run.search(ld.get(), config.userSearchDn, LDAP_SCOPE_SUBTREE,
                                  QStringLiteral("(%1)").arg(assertion), config.usernameAttribute,
                                  &entries, &why);
        if (run.cancelled())
            return outcome;
        const QString shown = QStringLiteral("%1=%2").arg(config.usernameAttribute, username);
        if (rc == LDAP_NO_SUCH_OBJECT) {
            run.step(kFindUser, CheckLevel::Fail,
                     QStringLiteral("ldap.user_search_dn %1 does not exist on the server")
                         .arg(config.userSearchDn));
            return outcome;
        }
        if (rc == LDAP_SIZELIMIT_EXCEEDED || entries.size() > 1) {
            run.step(kFindUser, CheckLevel::Fail,
                     QStringLiteral("more than one entry with %1 under %2: the username "
                                    "attribute must be unique")
                         .arg(shown, config.userSearchDn));
            outcome.verdict = Verdict::Rejected;
            return outcome;
        }
        if (rc != LDAP_SUCCESS) {
            run.step(kFindUser, CheckLevel::Fail,
                     QStringLiteral("cannot search %1 under %2: %3")
                         .arg(shown, config.userSearchDn, why));
            return outcome;
        }
        if (entries.isEmpty()) {
            run.step(kFindUser, CheckLevel::Fail,
                     QStringLiteral("no entry with %1 under %2").arg(shown, config.userSearchDn));
            outcome.verdict = Verdict::Rejected;
            return outcome;
        }
        outcome.userDn = entries.constFirst().first;
        outcome.username =
            entries.constFirst().second.isEmpty() ? username : entries.constFirst().second;
        run.step(kFindUser, CheckLevel::Ok, QStringLiteral("found %1").arg(outcome.userDn));
    }

    // --- user bind, on its own connection so the search user's rights stay for the group step
    {
        LdapPtr userLd = run.open(config, caPath, &error);
        if (!userLd) {
            run.step(kUserBind, CheckLevel::Fail,
                     QStringLiteral("cannot connect to %1: %2").arg(config.url(), error));
            return outcome;
        }
        if (!run.connect(userLd.get(), config, false, kUserBind))
            return outcome;
        QString why;
        const int rc = run.bind(userLd.get(), outcome.userDn, password, &why);
        if (run.cancelled())
            return outcome;
        if (rc == LDAP_INVALID_CREDENTIALS) {
            run.step(kUserBind, CheckLevel::Fail,
                     QStringLiteral("wrong password for %1").arg(outcome.userDn));
            outcome.verdict = Verdict::Rejected;
            return outcome;
        }
        if (rc != LDAP_SUCCESS) {
            run.step(kUserBind, CheckLevel::Fail,
                     QStringLiteral("cannot bind as %1: %2").arg(outcome.userDn, why));
            return outcome;
        }
        run.step(kUserBind, CheckLevel::Ok,
                 QStringLiteral("the password of %1 is right").arg(outcome.userDn));
    }

    // --- group membership
    if (!config.restrictedGroup.isEmpty()) {
        QList<QPair<QString, QString>> entries;
        QString why;
        const QString filter =
            QStringLiteral("(&(objectClass=%1)(%2=%3))")
                .arg(escapeFilterValue(config.groupObjectClass), config.groupMembershipAttribute,
                     escapeFilterValue(outcome.userDn));
        int rc = run.search(ld.get(), config.restrictedGroup, LDAP_SCOPE_BASE, filter, QString(),
                            &entries, &why);
        if (run.cancelled())
            return outcome;
        if (rc == LDAP_NO_SUCH_OBJECT) {
            run.step(kGroup, CheckLevel::Fail,
                     QStringLiteral("ldap.restricted_group %1 does not exist on the server")
                         .arg(config.restrictedGroup));
            return outcome;
        }
        if (rc != LDAP_SUCCESS) {
            run.step(
                kGroup, CheckLevel::Fail,
                QStringLiteral("cannot read the group %1: %2").arg(config.restrictedGroup, why));
            return outcome;
        }
        if (entries.isEmpty()) {
            // Either not a member, or the group is not of the configured class: say which.
            QList<QPair<QString, QString>> group;
            rc = run.search(
                ld.get(), config.restrictedGroup, LDAP_SCOPE_BASE,
                QStringLiteral("(objectClass=%1)").arg(escapeFilterValue(config.groupObjectClass)),
                QString(), &group, &why);
            if (run.cancelled())
                return outcome;
            if (rc == LDAP_SUCCESS && group.isEmpty()) {
                run.step(kGroup, CheckLevel::Fail,
                         QStringLiteral("%1 is not a %2: check ldap.group_object_class")
                             .arg(config.restrictedGroup, config.groupObjectClass));
                return outcome;
            }
            run.step(
                kGroup, CheckLevel::Fail,
                QStringLiteral("user is not a member of %1 (no %2: %3)")
                    .arg(config.restrictedGroup, config.groupMembershipAttribute, outcome.userDn));
            outcome.verdict = Verdict::Rejected;
            return outcome;
        }
        run.step(kGroup, CheckLevel::Ok,
                 QStringLiteral("member of %1").arg(config.restrictedGroup));
    }
    outcome.verdict = Verdict::Accepted;
    return outcome;
}

} // namespace gantry
