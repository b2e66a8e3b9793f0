#include "sessionstore.h"

#include "api/tokenauth.h"
#include "store/database.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace gantry {

SessionStore::SessionStore(Database &database)
    : m_db(database)
{}

QString SessionStore::migrate()
{
    return m_db.migrate(
        QStringLiteral("sessions"),
        {{1,
          QStringLiteral("sessions"),
          {QStringLiteral("CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, "
                          "user_id TEXT NOT NULL, created_at BIGINT NOT NULL, "
                          "expires_at BIGINT NOT NULL)"),
           QStringLiteral("CREATE INDEX sessions_expires ON sessions (expires_at)")},
          {}}});
}

QByteArray SessionStore::hash(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

std::optional<SessionStore::Session> SessionStore::create(const QString &userId,
                                                          qint64 lifetimeSeconds, QString *error)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    Session s{TokenAuth::generateToken(), userId, now + lifetimeSeconds};
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
                             "VALUES (?, ?, ?, ?)"));
    q.addBindValue(QString::fromLatin1(hash(s.token)));
    q.addBindValue(userId);
    q.addBindValue(now);
    q.addBindValue(s.expiresAt);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return std::nullopt;
    }
    return s;
}

std::optional<SessionStore::Session> SessionStore::lookup(const QByteArray &token) const
{
    if (token.isEmpty())
        return std::nullopt;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT user_id, expires_at FROM sessions WHERE token_hash = ? AND "
                             "expires_at > ?"));
    q.addBindValue(QString::fromLatin1(hash(token)));
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec() || !q.next())
        return std::nullopt;
    return Session{{}, q.value(0).toString(), q.value(1).toLongLong()};
}

void SessionStore::revoke(const QByteArray &token)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE token_hash = ?"));
    q.addBindValue(QString::fromLatin1(hash(token)));
    q.exec();
}

int SessionStore::purgeExpired()
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE expires_at <= ?"));
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    return q.exec() ? q.numRowsAffected() : 0;
}

} // namespace gantry
