// "Test LDAP": logs in as a test user against the unsaved ldap settings, the way gantryd's own
// login will, step by step (libldap; on Debian it is built on GnuTLS).
#pragma once

#include "checkoptions.h"
#include "checkresult.h"

#include <QJsonObject>
#include <QString>

namespace gantry {

class LdapCheck final
{
public:
    enum class Verdict {
        Accepted,    // every step passed
        Rejected,    // the directory answered: unknown user, wrong password, not in the group
        Unavailable, // settings, network, TLS, search user or timeout: not the user's fault
    };
    struct Outcome
    {
        CheckResult check;
        Verdict verdict = Verdict::Unavailable;
        QString userDn;   // the DN found for the user, once found
        QString username; // as the directory spells it (username_attribute), once found
    };

    // fragment: {"ldap": {host, port, encryption (plain|starttls|ldaps), server_type, search_user,
    // search_password, user_search_dn, username_attribute, group_membership_attribute,
    // group_object_class, restricted_group}, "tls": {"custom_root_cas": [PEM, ...]}}; empty
    // attribute items take the server_type preset (openldap: uid, uniqueMember,
    // groupOfUniqueNames; active_directory: sAMAccountName, member, group). search_password
    // must be the plaintext (resolve a kept secret before calling).
    // Steps: settings, connect, tls (unless plain), search user bind, find user, user bind,
    // group membership (when restricted_group is set). Each network step is bounded by
    // options.stepTimeout. Blocking; run it off the event loop.
    static Outcome run(const QJsonObject &fragment, const QString &username,
                       const QString &password, const CheckOptions &options = {});

    // RFC 4515 escaping of an assertion value: * ( ) \ and NUL become \2a \28 \29 \5c \00.
    static QString escapeFilterValue(const QString &value);
    // An attribute description usable in a filter: a name ([A-Za-z][A-Za-z0-9-]*) or an OID.
    static bool isAttributeName(const QString &name);
};

} // namespace gantry
