// Who is calling: the local admin token of gantryd.json, or a user logged in through LDAP. What
// the audit log records as the actor, and what decides read-only (viewer) or admin access.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace gantry {

struct Identity
{
    QString id;   // user id, or "local-admin"
    QString type; // "user" or "token"
    QString name; // user name, or "local admin token"
    bool admin = false;
    QByteArray sessionToken; // set for logged-in users (logout revokes it)

    QJsonObject actor() const { return {{"id", id}, {"type", type}, {"name", name}}; }
};

// Turns an Authorization header into an Identity, or refuses it.
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    virtual std::optional<Identity> authenticate(const QByteArray &authorizationHeader) const = 0;
};

} // namespace gantry
