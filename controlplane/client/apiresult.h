// The outcome of one API call as the client sees it: unreachable, an HTTP error with gantryd's
// error body, or a JSON answer.
#pragma once

#include "apierror.h"

#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>

namespace gantry {

struct ApiResult
{
    bool unreachable = false; // no HTTP answer at all: refused, timed out, DNS, TLS
    int httpStatus = 0;
    QJsonDocument json;
    QByteArray raw;
    ApiError error;                               // set when !ok()
    QString address;                              // the base address that was tried
    QList<QPair<QByteArray, QByteArray>> headers; // of the HTTP answer, as sent

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }

    bool ok() const { return !unreachable && httpStatus >= 200 && httpStatus < 300; }
    // One sentence for a person: what failed and where.
    QString describeError() const;
};

} // namespace gantry
