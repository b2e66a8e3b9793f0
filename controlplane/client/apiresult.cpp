#include "apiresult.h"

#include <QCoreApplication>

namespace gantry {

QString ApiResult::describeError() const
{
    if (unreachable)
        return QCoreApplication::translate("ApiResult", "control plane unreachable at %1: %2")
            .arg(address, error.message);
    if (!error.message.isEmpty())
        return QCoreApplication::translate("ApiResult", "%1 (HTTP %2, %3)")
            .arg(error.message)
            .arg(httpStatus)
            .arg(error.code);
    return QCoreApplication::translate("ApiResult", "HTTP %1 from %2").arg(httpStatus).arg(address);
}

} // namespace gantry
