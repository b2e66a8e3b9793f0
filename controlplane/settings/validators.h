// The named validators that schema items refer to (`validator: aws_region`). Each error names
// the item path, says what is wrong and shows the expected form, and never repeats the value
// (it may be a secret).
#pragma once

#include <QString>
#include <QStringList>

namespace gantry {

class Validators final
{
public:
    static bool exists(const QString &name);
    static QStringList names();
    // The expected form, e.g. "<protocol>://<ip-or-host>:<port>, e.g. http://10.0.0.33:3128".
    static QString expectedForm(const QString &name);
    // Empty when `value` passes validator `name`, else "PATH: problem; expected FORM".
    static QString check(const QString &name, const QString &path, const QString &value);

    // Empty when the PEM `privateKey` belongs to the first certificate of `certificateChain`.
    static QString keyMismatch(const QString &certificateChain, const QString &privateKey);

    static const QStringList &awsRegions();
    static bool isHostname(const QString &value);
    static bool isIpAddress(const QString &value);
};

} // namespace gantry
