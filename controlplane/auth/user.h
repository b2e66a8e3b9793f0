// A person who logged in to gantryd through LDAP: admin or viewer.
#pragma once

#include <QJsonObject>
#include <QString>

namespace gantry {

struct User
{
    QString id; // UUID
    QString username;
    bool admin = false;
    QString createdAt;   // UTC ISO-8601
    QString lastLoginAt; // UTC ISO-8601, empty before the first login

    QString role() const { return admin ? QStringLiteral("admin") : QStringLiteral("viewer"); }
    QJsonObject toJson() const;
};

} // namespace gantry
