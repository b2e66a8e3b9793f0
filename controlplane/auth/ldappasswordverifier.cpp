#include "ldappasswordverifier.h"

#include "checks/checkroutes.h"
#include "checks/ldapcheck.h"
#include "settings/settingsstore.h"

namespace gantry {

LdapPasswordVerifier::LdapPasswordVerifier(QJsonObject fragment)
    : m_fragment(std::move(fragment))
{}

PasswordVerifier::Result LdapPasswordVerifier::verify(const QString &username,
                                                      const QString &password) const
{
    const LdapCheck::Outcome outcome = LdapCheck::run(m_fragment, username, password);
    const CheckStep *failure = outcome.check.firstFailure();
    const QString detail =
        failure ? failure->name + QStringLiteral(": ") + failure->message : QString();
    switch (outcome.verdict) {
    case LdapCheck::Verdict::Accepted:
        return {Result::Outcome::Accepted,
                outcome.username.isEmpty() ? username : outcome.username,
                {}};
    case LdapCheck::Verdict::Rejected:
        return {Result::Outcome::Rejected, {}, detail};
    case LdapCheck::Verdict::Unavailable:
        break;
    }
    return {Result::Outcome::Unavailable, {}, detail};
}

std::shared_ptr<const PasswordVerifier>
LdapPasswordVerifier::fromSettings(const SettingsStore &settings)
{
    if (!settings.current().value(QStringLiteral("ldap.enabled")).toBool())
        return nullptr;
    QString why;
    const auto fragment =
        CheckRoutes::fragment(settings, {}, {QStringLiteral("ldap"), QStringLiteral("tls")}, &why);
    if (!fragment)
        return nullptr;
    return std::make_shared<LdapPasswordVerifier>(*fragment);
}

} // namespace gantry
