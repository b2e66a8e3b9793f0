// Login sessions: random bearer tokens with an expiry. Only a SHA-256 of each token is stored, so
// a copy of the database lets nobody in.
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace gantry {

class Database;

class SessionStore final
{
public:
    static constexpr qint64 kDefaultLifetimeSeconds = 12 * 3600;

    explicit SessionStore(Database &database);
    QString migrate();

    struct Session
    {
        QByteArray token; // only when created
        QString userId;
        qint64 expiresAt = 0; // seconds since the epoch
    };
    std::optional<Session> create(const QString &userId, qint64 lifetimeSeconds, QString *error);
    // The live session of `token`, or nullopt (unknown, revoked or expired).
    std::optional<Session> lookup(const QByteArray &token) const;
    void revoke(const QByteArray &token);
    int purgeExpired();

private:
    static QByteArray hash(const QByteArray &token);
    Database &m_db;
};

} // namespace gantry
