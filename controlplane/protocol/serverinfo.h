// What GET /v1/health and GET /v1/version answer.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace gantry {

struct ServerInfo
{
    QString status;     // "ok"
    QString version;    // gantryd's version, e.g. "0.1.0"
    QString apiVersion; // "v1"
    qint64 pid = 0;     // only in /v1/version (behind the token)
    QString dataDir;    // only in /v1/version
    QString startedAt;  // only in /v1/version, UTC ISO-8601
    // Only in /v1/health: how a console may sign in ("token"; "ldap" too when LDAP is on).
    QStringList login;

    QJsonObject toJson() const;
    static std::optional<ServerInfo> fromJson(const QJsonObject &object);
};

} // namespace gantry
