// POST /v1/login, POST /v1/logout, GET /v1/session, GET /v1/users, POST /v1/users/:id/role.
#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>

namespace gantry {

class AuditSink;
class LoginThrottle;
class PasswordVerifier;
class Router;
class SessionStore;
class UserStore;

struct AuthRoutes
{
    UserStore &users;
    SessionStore &sessions;
    LoginThrottle &throttle;
    AuditSink &audit;
    // The verifier for the applied settings, or nullptr while LDAP is off (tokens only then).
    std::function<std::shared_ptr<const PasswordVerifier>()> verifier;
    qint64 sessionLifetimeSeconds;

    void install(Router &router) const;
};

} // namespace gantry
