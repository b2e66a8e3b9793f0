// The error body every /v1 route answers with: {"error": {"code", "message", "fields": [...]}}.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace gantry {

struct FieldError
{
    QString field;   // dotted path, e.g. "ldap.port"
    QString message; // what is wrong and the expected form
    bool operator==(const FieldError &) const = default;
};

struct ApiError
{
    QString code; // machine-readable, snake_case: "unauthorized", "validation_failed", ...
    QString message;
    QList<FieldError> fields;

    QJsonObject toJson() const; // the whole body, {"error": {...}}
    static std::optional<ApiError> fromJson(const QJsonObject &body);
    bool operator==(const ApiError &) const = default;
};

} // namespace gantry
