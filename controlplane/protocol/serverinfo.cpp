#include "serverinfo.h"

#include <QJsonArray>

namespace gantry {

QJsonObject ServerInfo::toJson() const
{
    QJsonObject o{{"status", status}, {"version", version}, {"api_version", apiVersion}};
    if (pid > 0)
        o.insert("pid", pid);
    if (!dataDir.isEmpty())
        o.insert("data_dir", dataDir);
    if (!startedAt.isEmpty())
        o.insert("started_at", startedAt);
    if (!login.isEmpty())
        o.insert("login", QJsonArray::fromStringList(login));
    return o;
}

std::optional<ServerInfo> ServerInfo::fromJson(const QJsonObject &o)
{
    if (!o.value("version").isString())
        return std::nullopt;
    ServerInfo info;
    info.status = o.value("status").toString();
    info.version = o.value("version").toString();
    info.apiVersion = o.value("api_version").toString();
    info.pid = o.value("pid").toInteger();
    info.dataDir = o.value("data_dir").toString();
    info.startedAt = o.value("started_at").toString();
    for (const QJsonValue &method : o.value("login").toArray())
        info.login << method.toString();
    return info;
}

} // namespace gantry
