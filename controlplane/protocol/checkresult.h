// The answer of every check (LDAP test, TLS verify, proxy test, fetch chain): a list of named
// steps, each ok, warn or fail, with a message a person can act on and how long it took.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace gantry {

enum class CheckLevel { Ok, Warn, Fail };

QString toApiString(CheckLevel level);
std::optional<CheckLevel> checkLevelFromString(const QString &text);

struct CheckStep final
{
    QString name;
    CheckLevel level = CheckLevel::Ok;
    QString message;
    qint64 ms = 0;

    QJsonObject toJson() const;
    static std::optional<CheckStep> fromJson(const QJsonObject &object);
    bool operator==(const CheckStep &) const = default;
};

struct CheckResult final
{
    QList<CheckStep> steps;

    // A warning keeps the check passing; any failed step fails it; no steps at all is a failure
    // (nothing was checked).
    bool ok() const;
    CheckStep &add(const QString &name, CheckLevel level, const QString &message, qint64 ms = 0);
    // The first failed step, or nullptr.
    const CheckStep *firstFailure() const;
    // Appends the other result's steps (a check built from smaller checks).
    void append(const CheckResult &other);

    // {"ok": bool, "steps": [{"name", "level", "message", "ms"}]}
    QJsonObject toJson() const;
    static std::optional<CheckResult> fromJson(const QJsonObject &object);
    bool operator==(const CheckResult &) const = default;
};

} // namespace gantry
