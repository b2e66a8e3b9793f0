// Bearer-token authentication: extracts the token of an Authorization header and compares it with
// the accepted ones in constant time.
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace gantry {

class TokenAuth final
{
public:
    explicit TokenAuth(QByteArray adminToken);

    // The token of "Authorization: Bearer <token>", or nullopt when the header has another form.
    static std::optional<QByteArray> bearerToken(const QByteArray &authorizationHeader);
    // Constant-time comparison: the time taken depends on the lengths only, never on the content.
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
    // Random token: 32 bytes from the system's CSPRNG, base64url without padding.
    static QByteArray generateToken();

    // The actor the token belongs to, or nullopt when it is not accepted.
    std::optional<QString> authenticate(const QByteArray &authorizationHeader) const;

private:
    QByteArray m_adminToken;
};

} // namespace gantry
