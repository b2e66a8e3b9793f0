#include "tokenauth.h"

#include <QRandomGenerator>

namespace gantry {

TokenAuth::TokenAuth(QByteArray adminToken)
    : m_adminToken(std::move(adminToken))
{}

std::optional<QByteArray> TokenAuth::bearerToken(const QByteArray &header)
{
    const QByteArray trimmed = header.trimmed();
    static constexpr char kScheme[] = "bearer ";
    if (trimmed.size() <= qsizetype(sizeof kScheme - 1) ||
        qstrnicmp(trimmed.constData(), kScheme, sizeof kScheme - 1) != 0)
        return std::nullopt;
    const QByteArray token = trimmed.mid(sizeof kScheme - 1).trimmed();
    if (token.isEmpty())
        return std::nullopt;
    return token;
}

bool TokenAuth::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    // Walk the longer length every time so that a prefix match takes as long as a mismatch.
    const qsizetype n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= x ^ y;
    }
    return diff == 0;
}

QByteArray TokenAuth::generateToken()
{
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Identity TokenAuth::localAdmin()
{
    return {QStringLiteral("local-admin"),
            QStringLiteral("token"),
            QStringLiteral("local admin token"),
            true,
            {}};
}

bool TokenAuth::isAdminToken(const QByteArray &token) const
{
    return !m_adminToken.isEmpty() && constantTimeEquals(token, m_adminToken);
}

std::optional<Identity> TokenAuth::authenticate(const QByteArray &authorizationHeader) const
{
    const auto token = bearerToken(authorizationHeader);
    if (!token || !isAdminToken(*token))
        return std::nullopt;
    return localAdmin();
}

} // namespace gantry
