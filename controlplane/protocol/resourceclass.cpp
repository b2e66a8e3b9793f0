#include "resourceclass.h"

namespace gantry {

const QList<ResourceClass> &ResourceClass::all()
{
    static const QList<ResourceClass> table{
        {QStringLiteral("small"), 1, 2048},   {QStringLiteral("medium"), 2, 4096},
        {QStringLiteral("medium+"), 3, 6144}, {QStringLiteral("large"), 4, 8192},
        {QStringLiteral("xlarge"), 8, 16384},
    };
    return table;
}

std::optional<ResourceClass> ResourceClass::find(const QString &name)
{
    for (const ResourceClass &rc : all()) {
        if (rc.name == name)
            return rc;
    }
    return std::nullopt;
}

QStringList ResourceClass::names()
{
    QStringList result;
    for (const ResourceClass &rc : all())
        result.append(rc.name);
    return result;
}

} // namespace gantry
