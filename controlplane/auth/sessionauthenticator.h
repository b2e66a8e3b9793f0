// gantryd's Authenticator: the local admin token of gantryd.json, or a login session's token
// (whose user's current role decides admin or viewer).
#pragma once

#include "api/identity.h"
#include "api/tokenauth.h"

#include <memory>

namespace gantry {

class SessionStore;
class UserStore;

class SessionAuthenticator final : public Authenticator
{
public:
    SessionAuthenticator(QByteArray adminToken, SessionStore &sessions, UserStore &users);
    std::optional<Identity> authenticate(const QByteArray &authorizationHeader) const override;

private:
    TokenAuth m_local;
    SessionStore &m_sessions;
    UserStore &m_users;
};

} // namespace gantry
