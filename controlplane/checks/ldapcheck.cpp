#include "ldapcheck.h"

#include "ldapsession.h"

#include <QRegularExpression>
#include <QTcpSocket>

#include <ldap.h>

namespace gantry {

using namespace ldapcheck_internal;

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
    LdapSession run(options, outcome);
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
