// The users of the console, in the database. The first user ever to log in becomes admin, as the
// operations guide says; later users are viewers until an admin promotes them.
#pragma once

#include "user.h"

#include <QList>
#include <optional>

namespace gantry {

class Database;

class UserStore final
{
public:
    explicit UserStore(Database &database);
    QString migrate(); // empty on success

    struct Login
    {
        User user;
        bool created = false; // first login of this user
    };
    // Finds or creates the user and stamps the login time. Returns nullopt on a database error.
    std::optional<Login> recordLogin(const QString &username, QString *error);

    QList<User> list() const;
    std::optional<User> find(const QString &id) const;
    // Changes a user's role; refuses to demote the last admin. Empty string on success.
    QString setAdmin(const QString &id, bool admin);

private:
    Database &m_db;
};

} // namespace gantry
