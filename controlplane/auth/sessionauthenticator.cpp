#include "sessionauthenticator.h"

#include "sessionstore.h"
#include "userstore.h"

namespace gantry {

SessionAuthenticator::SessionAuthenticator(QByteArray adminToken, SessionStore &sessions,
                                           UserStore &users)
    : m_local(std::move(adminToken))
    , m_sessions(sessions)
    , m_users(users)
{}

std::optional<Identity> SessionAuthenticator::authenticate(const QByteArray &header) const
{
    const auto token = TokenAuth::bearerToken(header);
    if (!token)
        return std::nullopt;
    if (m_local.isAdminToken(*token))
        return TokenAuth::localAdmin();
    const auto session = m_sessions.lookup(*token);
    if (!session)
        return std::nullopt;
    const auto user = m_users.find(session->userId);
    if (!user)
        return std::nullopt;
    return Identity{user->id, QStringLiteral("user"), user->username, user->admin, *token};
}

} // namespace gantry
