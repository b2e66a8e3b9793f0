// The connection work of LdapCheck, one test login at a time: libldap opened with the check's
// TLS settings (GnuTLS underneath: CAs only through a file), connect and StartTLS, binds and
// searches bounded by the step timeout and cancel, and a certificate failure explained from the
// server's own certificate. Each step goes into the check's outcome. Internal to ldapcheck.cpp.
#pragma once

#include "checkoptions.h"
#include "ldapcheck.h"

#include <QHostAddress>
#include <QTemporaryFile>
#include <memory>

#include <ldap.h>

namespace gantry::ldapcheck_internal {

inline const QString kSettings = QStringLiteral("settings");
inline const QString kConnect = QStringLiteral("connect");
inline const QString kTls = QStringLiteral("tls");
inline const QString kSearchBind = QStringLiteral("search user bind");
inline const QString kFindUser = QStringLiteral("find user");
inline const QString kUserBind = QStringLiteral("user bind");
inline const QString kGroup = QStringLiteral("group membership");
inline const QString kCancelled = QStringLiteral("cancelled");

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

QString describe(LDAP *ld, int rc);
bool validDn(const QString &dn);
// The CA file libldap (GnuTLS) verifies against: the custom root CAs, then the system bundle.
std::unique_ptr<QTemporaryFile> writeCaFile(const QStringList &customRootCas, QString *error);

class LdapSession final
{
public:
    LdapSession(const CheckOptions &options, LdapCheck::Outcome &outcome)
        : m_options(options)
        , m_outcome(outcome)
    {}

    void step(const QString &name, CheckLevel level, const QString &message);
    bool cancelled();
    // Polls for the answer to msgid in short slices so a cancel is noticed; nullptr on
    // timeout or cancel (the operation is then abandoned), with *timedOut saying which.
    MessagePtr waitFor(LDAP *ld, int msgid, bool *timedOut, int *rc);
    QString timeoutText() const;
    // ldap_initialize plus options, including the CA file for TLS; the connection itself happens
    // in connect().
    LdapPtr open(const Config &config, const QString &caFile, QString *error, bool verify = true);
    // Connects (TCP, and for LDAPS the handshake) and runs StartTLS when asked. Reports the tls
    // step only when reportTls; failures are always reported under stepName or kTls.
    bool connect(LDAP *ld, const Config &config, bool reportTls, const QString &stepName);
    void tlsFailure(const Config &config, const QString &why);
    // Empty when even an unverified handshake fails (not a certificate problem).
    QString certificateProblem(const Config &config);
    // Simple bind; returns the LDAP result code, or -1 on timeout/cancel (already reported as
    // cancelled when cancelled).
    int bind(LDAP *ld, const QString &dn, const QString &password, QString *why);
    // Search; returns the result code (LDAP_SUCCESS, LDAP_SIZELIMIT_EXCEEDED, ...) or -1 on
    // timeout/cancel; *entries gets the DNs and the first value of attribute per entry.
    int search(LDAP *ld, const QString &base, int scope, const QString &filter,
               const QString &attribute, QList<QPair<QString, QString>> *entries, QString *why);

private:
    // After sending a request (rc, msgid): its answer, or none with *code the result to return
    // (-1 on timeout or cancel) and *why saying what happened.
    MessagePtr answerTo(LDAP *ld, int rc, int msgid, QString *why, int *code);

    const CheckOptions &m_options;
    LdapCheck::Outcome &m_outcome;
    StepClock m_clock;
};

} // namespace gantry::ldapcheck_internal
