// Bearer-token authentication with gantryd's local admin token (the one in gantryd.json): extracts
// the token of an Authorization header and compares it in constant time.
#pragma once

#include "identity.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace gantry {

class TokenAuth final : public Authenticator
{
public:
    explicit TokenAuth(QByteArray adminToken);

    // The token of "Authorization: Bearer <token>", or nullopt when the header has another form.
    static std::optional<QByteArray> bearerToken(const QByteArray &authorizationHeader);
    // Constant-time comparison: the time taken depends on the lengths only, never on the content.
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
    // Random token: 32 bytes from the system's CSPRNG, base64url without padding.
    static QByteArray generateToken();

    std::optional<Identity> authenticate(const QByteArray &authorizationHeader) const override;
    bool isAdminToken(const QByteArray &token) const;
    static Identity localAdmin();

private:
    QByteArray m_adminToken;
};

} // namespace gantry
