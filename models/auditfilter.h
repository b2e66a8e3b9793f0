// What the audit browser shows: a time range (a preset resolved against "now" when applied, or a
// custom range), action (exact or a prefix ending in *), actor, target, success and free text,
// mapped one to one onto GET /v1/audit's query parameters (and so onto the CSV export's).
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>
#include <QUrlQuery>
#include <optional>

namespace gantry {

class AuditFilter final
{
    Q_DECLARE_TR_FUNCTIONS(AuditFilter)

public:
    enum class Range { All, LastHour, Last24Hours, Last7Days, Last30Days, Custom };

    Range range = Range::All;
    QDateTime customSince; // Custom only; invalid: open
    QDateTime customUntil; // Custom only; invalid: open (exclusive, as the API's until)
    QString action;        // "user.create" or "workflow.job.*"; empty: every action
    QString actor;         // id or name
    QString target;        // id or name
    std::optional<bool> success;
    QString text; // full-text terms

    // The guide's actions followed by gantry's own (issue 8), for completion.
    static QStringList knownActions();
    static QString rangeLabel(Range range); // translated
    static QList<Range> ranges();

    // Problems a person can fix, one translated sentence each (empty: valid). The server checks
    // again; these save a round trip and name the field in the filter bar's words.
    QStringList validate() const;
    // The query parameters for GET /v1/audit and /v1/audit/export.csv, presets resolved against
    // `now`. No limit, order or cursor.
    QUrlQuery toQuery(const QDateTime &now) const;
    bool isEmpty() const;

    bool operator==(const AuditFilter &other) const = default;
};

} // namespace gantry
