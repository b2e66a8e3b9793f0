#include "user.h"

namespace gantry {

QJsonObject User::toJson() const
{
    return {{"id", id},
            {"username", username},
            {"role", role()},
            {"created_at", createdAt},
            {"last_login_at", lastLoginAt.isEmpty() ? QJsonValue() : QJsonValue(lastLoginAt)}};
}

} // namespace gantry
