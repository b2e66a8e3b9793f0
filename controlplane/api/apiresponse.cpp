#include "apiresponse.h"

#include <QJsonDocument>

namespace gantry {

ApiResponse ApiResponse::json(const QJsonObject &object, int status)
{
    return {
        status, "application/json", QJsonDocument(object).toJson(QJsonDocument::Compact), {}, {}};
}

ApiResponse ApiResponse::json(const QJsonArray &array, int status)
{
    return {
        status, "application/json", QJsonDocument(array).toJson(QJsonDocument::Compact), {}, {}};
}

ApiResponse ApiResponse::error(int status, const QString &code, const QString &message,
                               const QList<FieldError> &fields)
{
    return json(ApiError{code, message, fields}.toJson(), status);
}

} // namespace gantry
