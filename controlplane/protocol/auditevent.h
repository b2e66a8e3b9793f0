// One audit-log event with exactly the operations guide's fields: id, action, actor, target,
// scope, request, payload, metadata, occurred_at (nanoseconds; ISO-8601 with up to nine fractional
// digits at the edges), version and success.
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>

namespace gantry {

struct AuditEvent
{
    QString id;         // UUID
    QString action;     // lowercase dotted words, entity first, action last: "workflow.job.start"
    QJsonObject actor;  // {id, type, name}
    QJsonObject target; // {id, type, name}
    QJsonObject scope;
    QJsonObject request; // {id, ip_address, client_trace_id}
    QJsonObject payload;
    QMap<QString, QString> metadata;
    qint64 occurredAtNs = 0; // since the Unix epoch, UTC
    int version = 1;
    bool success = true;

    // A new event now, with a fresh id.
    static AuditEvent make(const QString &action, const QJsonObject &actor,
                           const QJsonObject &target, const QJsonObject &payload = {},
                           bool success = true);
    static QJsonObject entity(const QString &type, const QString &id, const QString &name = {});

    QJsonObject toJson() const;
    // Validates every field; on failure says which field and the expected form.
    static std::optional<AuditEvent> fromJson(const QJsonObject &object, QString *error);

    static bool isValidAction(const QString &action);
    // "2017-12-21T13:50:54.474Z": UTC, trailing zeros of the fraction dropped (at least 3 digits).
    static QString formatTime(qint64 nanoseconds);
    // Accepts ISO-8601 UTC ("Z" or "+00:00") with 0 to 9 fractional digits.
    static std::optional<qint64> parseTime(const QString &text);
    // What parseTime accepts, for error messages.
    static QString timeForm();
    static qint64 nowNs();
};

} // namespace gantry
