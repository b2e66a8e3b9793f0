#include "settingsresult.h"

#include <QJsonArray>

namespace gantry {

int SettingsResult::httpStatus() const
{
    switch (status) {
    case SettingsStatus::Ok:
        return 200;
    case SettingsStatus::Invalid:
        return 400;
    case SettingsStatus::Conflict:
        return 409;
    case SettingsStatus::NotFound:
        return 404;
    case SettingsStatus::Failed:
        break;
    }
    return 500;
}

QString SettingsResult::errorCode() const
{
    switch (status) {
    case SettingsStatus::Ok:
        return {};
    case SettingsStatus::Invalid:
        return QStringLiteral("validation_failed");
    case SettingsStatus::Conflict:
        return QStringLiteral("version_conflict");
    case SettingsStatus::NotFound:
        return QStringLiteral("not_found");
    case SettingsStatus::Failed:
        break;
    }
    return QStringLiteral("internal");
}

QJsonObject SettingsResult::toJson() const
{
    if (ok())
        return QJsonObject{{"version", version}};
    return ApiError{errorCode(), message, errors}.toJson();
}

QJsonObject SettingsVersionInfo::toJson() const
{
    QJsonObject o{{"version", version},
                  {"time", time.toUTC().toString(Qt::ISODateWithMs)},
                  {"actor", actor},
                  {"action", action},
                  {"changed_paths", QJsonArray::fromStringList(changedPaths)}};
    if (rolledBackTo > 0)
        o.insert("rolled_back_to", rolledBackTo);
    return o;
}

SettingsVersionInfo SettingsVersionInfo::fromJson(const QJsonObject &o)
{
    SettingsVersionInfo info;
    info.version = o.value("version").toInt();
    info.time = QDateTime::fromString(o.value("time").toString(), Qt::ISODateWithMs).toUTC();
    info.actor = o.value("actor").toString();
    info.action = o.value("action").toString();
    info.rolledBackTo = o.value("rolled_back_to").toInt();
    for (const auto &p : o.value("changed_paths").toArray())
        info.changedPaths.append(p.toString());
    return info;
}

} // namespace gantry
