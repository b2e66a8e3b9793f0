// Console login through the directory of the applied ldap settings: a test login (LdapCheck) whose
// verdict tells a wrong password from a directory that cannot be reached.
#pragma once

#include "passwordverifier.h"

#include <QJsonObject>
#include <memory>

namespace gantry {

class SettingsStore;

class LdapPasswordVerifier final : public PasswordVerifier
{
public:
    explicit LdapPasswordVerifier(QJsonObject fragment);
    Result verify(const QString &username, const QString &password) const override;

    // The verifier for the applied settings, or nullptr while ldap.enabled is off.
    static std::shared_ptr<const PasswordVerifier> fromSettings(const SettingsStore &settings);

private:
    QJsonObject m_fragment; // {"ldap": {...}, "tls": {...}} with plaintext secrets
};

} // namespace gantry
