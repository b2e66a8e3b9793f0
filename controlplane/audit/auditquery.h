// The filters, order and position of one read of the audit log (GET /v1/audit, the CSV export,
// the browser): parsed and validated from URL parameters, and turned into the SQL that applies
// them on SQLite or PostgreSQL.
#pragma once

#include "protocol/auditevent.h"
#include "store/database.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <QVariantList>
#include <optional>

namespace gantry {

// One page of events and where to go from it.
struct AuditPage
{
    enum class TotalKind {
        Exact,    // `total` is the exact number of events the filters select
        Estimate, // extrapolated from the first AuditQuery::kExactCountCap matches over time
        AtLeast,  // at least `total` (full-text matches are not extrapolated)
    };
    QList<AuditEvent> events; // in the query's order
    QString nextCursor;       // empty: no more events in this direction
    QString prevCursor;       // empty: this is the first page
    qint64 total = 0;
    TotalKind totalKind = TotalKind::Exact;
    bool hasTotal = false; // false when the caller asked for no total

    static QString totalKindName(TotalKind kind); // "exact", "estimate", "at_least"
};

class AuditQuery final
{
public:
    enum class Order { Ascending, Descending };
    struct FieldError
    {
        QString field; // the URL parameter, e.g. "since"
        QString message;
    };
    // A decoded cursor: the (occurred_at, id) key of a page edge, the order of the pages it was
    // made for, and whether it continues after that key in this order (next) or before it (prev).
    struct Position
    {
        qint64 occurredAtNs = 0;
        QString id;
        Order order = Order::Descending;
        bool after = true;
    };

    static constexpr int kDefaultLimit = 200;
    static constexpr int kMaxLimit = 1000;
    // Up to this many matches are counted exactly; beyond, the total is an estimate.
    static constexpr int kExactCountCap = 10000;

    // The URL parameters this class reads, in the order of GET /v1/audit.
    static QStringList parameterNames();

    // Parses since, until, action, actor, target, success, q, limit, order and cursor (every
    // one optional). Each bad parameter adds a FieldError naming it and the expected form;
    // parameters outside parameterNames() and `extraParameters` are errors too.
    static std::optional<AuditQuery> fromUrlQuery(const QUrlQuery &query, QList<FieldError> *errors,
                                                  const QStringList &extraParameters = {});
    // One parameter from its text; returns an empty string or the problem and expected form.
    QString setParameter(const QString &name, const QString &value);

    // Typed setters for callers inside gantryd (no validation beyond the types' own).
    void setSince(std::optional<qint64> ns) { m_since = ns; }
    void setUntil(std::optional<qint64> ns) { m_until = ns; }
    QString setAction(const QString &actionOrPrefix); // "user.create" or "workflow.job.*"
    void setActor(const QString &idOrName) { m_actor = idOrName; }
    void setTarget(const QString &idOrName) { m_target = idOrName; }
    void setSuccess(std::optional<bool> success) { m_success = success; }
    QString setText(const QString &text); // full-text terms; a trailing * makes a term a prefix
    QString setLimit(int limit);
    void setOrder(Order order) { m_order = order; }
    QString setCursor(const QString &cursor);
    void clearCursor()
    {
        m_cursor.clear();
        m_position.reset();
    }

    std::optional<qint64> since() const { return m_since; } // inclusive
    std::optional<qint64> until() const { return m_until; } // exclusive
    QString action() const { return m_action; }             // as given, "*" included
    QString actor() const { return m_actor; }
    QString target() const { return m_target; }
    std::optional<bool> success() const { return m_success; }
    QString text() const { return m_text; }
    int limit() const { return m_limit; }
    Order order() const { return m_order; }
    QString cursor() const { return m_cursor; }
    std::optional<Position> position() const { return m_position; }

    static QString encodeCursor(const Position &position);
    static std::optional<Position> decodeCursor(const QString &cursor);

    // The WHERE conditions of the filters (not the cursor), joined by AND ("1=1" for none),
    // with their values appended to `binds` in placeholder order. Columns are those of the
    // audit_events table; full text uses audit_fts (SQLite) or the search column (PostgreSQL).
    QString sqlConditions(Database::Kind kind, QVariantList *binds) const;

private:
    std::optional<qint64> m_since;
    std::optional<qint64> m_until;
    QString m_action;
    QString m_actionPrefix; // set when m_action ends with '*'
    QString m_actor;
    QString m_target;
    std::optional<bool> m_success;
    QString m_text;
    QStringList m_terms; // lowercased full-text terms; "term*" for prefixes
    int m_limit = kDefaultLimit;
    Order m_order = Order::Descending;
    bool m_orderGiven = false;
    QString m_cursor;
    std::optional<Position> m_position;
};

} // namespace gantry
