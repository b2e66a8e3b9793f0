#include "userstore.h"

#include "store/database.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace gantry {

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

User fromRow(const QSqlQuery &q)
{
    return {q.value(0).toString(), q.value(1).toString(), q.value(2).toBool(),
            q.value(3).toString(), q.value(4).toString()};
}

const QString kColumns = QStringLiteral("id, username, admin, created_at, last_login_at");

} // namespace

UserStore::UserStore(Database &database)
    : m_db(database)
{}

QString UserStore::migrate()
{
    return m_db.migrate(
        QStringLiteral("users"),
        {{1,
          QStringLiteral("users"),
          {QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, "
                          "admin INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, "
                          "last_login_at TEXT)")},
          {QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, "
                          "admin BOOLEAN NOT NULL DEFAULT FALSE, created_at TEXT NOT NULL, "
                          "last_login_at TEXT)")}}});
}

std::optional<UserStore::Login> UserStore::recordLogin(const QString &username, QString *error)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    auto fail = [&](const QString &why) -> std::optional<Login> {
        db.rollback();
        if (error)
            *error = why;
        return std::nullopt;
    };
    // One writer at a time, so that two first logins cannot both become admin.
    const bool sqlite = m_db.kind() == Database::Kind::Sqlite;
    if (sqlite ? !q.exec(QStringLiteral("BEGIN IMMEDIATE")) : !db.transaction())
        return fail(q.lastError().text());
    if (!sqlite && !q.exec(QStringLiteral("LOCK TABLE users IN EXCLUSIVE MODE")))
        return fail(q.lastError().text());
    Login login;
    q.prepare(QStringLiteral("SELECT %1 FROM users WHERE username = ?").arg(kColumns));
    q.addBindValue(username);
    if (!q.exec())
        return fail(q.lastError().text());
    if (q.next()) {
        login.user = fromRow(q);
    } else {
        QSqlQuery count(db);
        if (!count.exec(QStringLiteral("SELECT COUNT(*) FROM users")) || !count.next())
            return fail(count.lastError().text());
        login.user = {QUuid::createUuid().toString(QUuid::WithoutBraces),
                      username,
                      count.value(0).toInt() == 0,
                      now(),
                      {}};
        login.created = true;
        q.prepare(QStringLiteral("INSERT INTO users (id, username, admin, created_at) "
                                 "VALUES (?, ?, ?, ?)"));
        q.addBindValue(login.user.id);
        q.addBindValue(username);
        q.addBindValue(login.user.admin);
        q.addBindValue(login.user.createdAt);
        if (!q.exec())
            return fail(q.lastError().text());
    }
    login.user.lastLoginAt = now();
    q.prepare(QStringLiteral("UPDATE users SET last_login_at = ? WHERE id = ?"));
    q.addBindValue(login.user.lastLoginAt);
    q.addBindValue(login.user.id);
    if (!q.exec())
        return fail(q.lastError().text());
    if (sqlite ? !q.exec(QStringLiteral("COMMIT")) : !db.commit())
        return fail(q.lastError().text());
    return login;
}

QList<User> UserStore::list() const
{
    QList<User> users;
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT %1 FROM users ORDER BY created_at, username").arg(kColumns)))
        while (q.next())
            users.append(fromRow(q));
    return users;
}

std::optional<User> UserStore::find(const QString &id) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM users WHERE id = ?").arg(kColumns));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return fromRow(q);
}

QString UserStore::setAdmin(const QString &id, bool admin)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    if (!db.transaction())
        return db.lastError().text();
    const auto user = find(id);
    if (!user) {
        db.rollback();
        return QStringLiteral("no user with id %1").arg(id);
    }
    if (user->admin && !admin) {
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM users WHERE admin")) || !q.next() ||
            q.value(0).toInt() <= 1) {
            db.rollback();
            return QStringLiteral("%1 is the last admin: promote another user first")
                .arg(user->username);
        }
    }
    q.prepare(QStringLiteral("UPDATE users SET admin = ? WHERE id = ?"));
    q.addBindValue(admin);
    q.addBindValue(id);
    if (!q.exec() || !db.commit()) {
        db.rollback();
        return q.lastError().text();
    }
    return {};
}

} // namespace gantry
