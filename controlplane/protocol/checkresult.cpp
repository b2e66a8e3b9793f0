#include "checkresult.h"

#include <QJsonArray>

namespace gantry {

QString toApiString(CheckLevel level)
{
    switch (level) {
    case CheckLevel::Ok:
        return QStringLiteral("ok");
    case CheckLevel::Warn:
        return QStringLiteral("warn");
    case CheckLevel::Fail:
        return QStringLiteral("fail");
    }
    return QStringLiteral("fail");
}

std::optional<CheckLevel> checkLevelFromString(const QString &text)
{
    if (text == QLatin1String("ok"))
        return CheckLevel::Ok;
    if (text == QLatin1String("warn"))
        return CheckLevel::Warn;
    if (text == QLatin1String("fail"))
        return CheckLevel::Fail;
    return std::nullopt;
}

QJsonObject CheckStep::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("level"), toApiString(level)},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("ms"), ms}};
}

std::optional<CheckStep> CheckStep::fromJson(const QJsonObject &object)
{
    const auto level = checkLevelFromString(object.value(QLatin1String("level")).toString());
    if (!level || !object.value(QLatin1String("name")).isString())
        return std::nullopt;
    CheckStep step;
    step.name = object.value(QLatin1String("name")).toString();
    step.level = *level;
    step.message = object.value(QLatin1String("message")).toString();
    step.ms = object.value(QLatin1String("ms")).toInteger();
    return step;
}

bool CheckResult::ok() const
{
    return !steps.isEmpty() && firstFailure() == nullptr;
}

CheckStep &CheckResult::add(const QString &name, CheckLevel level, const QString &message,
                            qint64 ms)
{
    steps.append(CheckStep{name, level, message, ms});
    return steps.last();
}

const CheckStep *CheckResult::firstFailure() const
{
    for (const CheckStep &step : steps) {
        if (step.level == CheckLevel::Fail)
            return &step;
    }
    return nullptr;
}

void CheckResult::append(const CheckResult &other)
{
    steps.append(other.steps);
}

QJsonObject CheckResult::toJson() const
{
    QJsonArray array;
    for (const CheckStep &step : steps)
        array.append(step.toJson());
    return QJsonObject{{QStringLiteral("ok"), ok()}, {QStringLiteral("steps"), array}};
}

std::optional<CheckResult> CheckResult::fromJson(const QJsonObject &object)
{
    if (!object.value(QLatin1String("steps")).isArray())
        return std::nullopt;
    CheckResult result;
    const QJsonArray array = object.value(QLatin1String("steps")).toArray();
    for (const QJsonValue &value : array) {
        auto step = CheckStep::fromJson(value.toObject());
        if (!step)
            return std::nullopt;
        result.steps.append(*step);
    }
    return result;
}

} // namespace gantry
