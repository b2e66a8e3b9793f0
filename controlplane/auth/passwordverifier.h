// Checks a user name and password against the directory (LDAP when ldap.enabled).
#pragma once

#include <QString>

namespace gantry {

class PasswordVerifier
{
public:
    virtual ~PasswordVerifier() = default;
    struct Result
    {
        enum class Outcome { Accepted, Rejected, Unavailable } outcome = Outcome::Rejected;
        QString canonicalUsername; // as the directory spells it
        QString detail; // for the log and the audit payload; never shown to the caller on Rejected
    };
    // Blocking; called off the event loop.
    virtual Result verify(const QString &username, const QString &password) const = 0;
};

} // namespace gantry
