#include "apierror.h"

#include <QJsonArray>

namespace gantry {

QJsonObject ApiError::toJson() const
{
    QJsonObject error{{"code", code}, {"message", message}};
    if (!fields.isEmpty()) {
        QJsonArray list;
        for (const FieldError &f : fields)
            list.append(QJsonObject{{"field", f.field}, {"message", f.message}});
        error.insert("fields", list);
    }
    return QJsonObject{{"error", error}};
}

std::optional<ApiError> ApiError::fromJson(const QJsonObject &body)
{
    const QJsonValue value = body.value("error");
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject error = value.toObject();
    if (!error.value("code").isString())
        return std::nullopt;
    ApiError result{error.value("code").toString(), error.value("message").toString(), {}};
    for (const QJsonValue &f : error.value("fields").toArray()) {
        const QJsonObject o = f.toObject();
        result.fields.append({o.value("field").toString(), o.value("message").toString()});
    }
    return result;
}

} // namespace gantry
