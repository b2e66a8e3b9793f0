// What the settings store answers, shaped so an HTTP route maps it directly: Ok 200,
// Invalid 400 (validation_failed with every field error), Conflict 409, NotFound 404, Failed 500.
#pragma once

#include "protocol/apierror.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gantry {

enum class SettingsStatus { Ok, Invalid, Conflict, NotFound, Failed };

struct SettingsResult
{
    SettingsStatus status = SettingsStatus::Ok;
    int version = 0;          // the current version after the call
    QList<FieldError> errors; // Invalid: every error, each naming its item
    QString message;          // what went wrong, for every status but Ok

    bool ok() const { return status == SettingsStatus::Ok; }
    int httpStatus() const;
    QString errorCode() const; // "validation_failed", "version_conflict", "not_found", "internal"
    // Ok: {"version": N}; otherwise the ApiError body.
    QJsonObject toJson() const;

    static SettingsResult success(int version) { return {SettingsStatus::Ok, version, {}, {}}; }
    static SettingsResult failure(SettingsStatus status, int version, const QString &message,
                                  const QList<FieldError> &errors = {})
    {
        return {status, version, errors, message};
    }
};

// One entry of GET /v1/settings/history.
struct SettingsVersionInfo
{
    int version = 0;
    QDateTime time; // UTC
    QString actor;
    QString action;           // "update" or "rollback"
    int rolledBackTo = 0;     // rollback: the version it restored
    QStringList changedPaths; // against the previous version; secrets by path only

    QJsonObject toJson() const;
    static SettingsVersionInfo fromJson(const QJsonObject &object);
};

} // namespace gantry
