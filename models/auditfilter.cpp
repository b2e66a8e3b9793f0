#include "auditfilter.h"

#include "auditevent.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace gantry {

namespace {

// The API's time form: UTC with milliseconds and Z.
QString apiTime(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

bool hasWord(const QString &text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.isLetterOrNumber(); });
}

} // namespace

QStringList AuditFilter::knownActions()
{
    return {// The operations guide
            "context.create", "context.delete", "context.env_var.delete", "context.env_var.store",
            "project.env_var.create", "project.env_var.delete", "project.settings.update",
            "user.create", "user.logged_in", "user.logged_out", "workflow.job.approve",
            "workflow.job.finish", "workflow.job.scheduled", "workflow.job.start",
            // Gantry's own
            "settings.update", "settings.rollback", "node.drain.enable", "node.drain.disable",
            "node.eligibility.update", "node.create", "node.delete", "workflow.job.cancel",
            "user.role.update", "audit_log.export", "audit_log.import", "audit_log.view",
            "backup.create", "backup.restore",
            // Prefixes
            "context.*", "project.*", "user.*", "workflow.job.*", "settings.*", "node.*",
            "audit_log.*", "backup.*"};
}

QList<AuditFilter::Range> AuditFilter::ranges()
{
    return {Range::LastHour,   Range::Last24Hours, Range::Last7Days,
            Range::Last30Days, Range::All,         Range::Custom};
}

QString AuditFilter::rangeLabel(Range range)
{
    switch (range) {
    case Range::All:
        return tr("All time");
    case Range::LastHour:
        return tr("Last hour");
    case Range::Last24Hours:
        return tr("Last 24 hours");
    case Range::Last7Days:
        return tr("Last 7 days");
    case Range::Last30Days:
        return tr("Last 30 days");
    case Range::Custom:
        return tr("Custom range");
    }
    return {};
}

QStringList AuditFilter::validate() const
{
    QStringList problems;
    static const QRegularExpression prefix(QStringLiteral("^[a-z_.]*\\*$"));
    if (!action.isEmpty() && !AuditEvent::isValidAction(action) && !prefix.match(action).hasMatch())
        problems << tr("Action \"%1\" is not an action: expected lowercase words separated by "
                       "dots (user.create) or a prefix ending in * (workflow.job.*).")
                        .arg(action);
    if (!text.isEmpty() && !hasWord(text))
        problems << tr("Search text \"%1\" has no letters or digits to search for.").arg(text);
    if (range == Range::Custom && customSince.isValid() && customUntil.isValid() &&
        customUntil < customSince)
        problems << tr("The range ends (%1) before it starts (%2).")
                        .arg(apiTime(customUntil), apiTime(customSince));
    return problems;
}

QUrlQuery AuditFilter::toQuery(const QDateTime &now) const
{
    QUrlQuery q;
    auto since = [&](qint64 seconds) { q.addQueryItem("since", apiTime(now.addSecs(-seconds))); };
    switch (range) {
    case Range::All:
        break;
    case Range::LastHour:
        since(3600);
        break;
    case Range::Last24Hours:
        since(24 * 3600);
        break;
    case Range::Last7Days:
        since(7 * 24 * 3600);
        break;
    case Range::Last30Days:
        since(30 * 24 * 3600);
        break;
    case Range::Custom:
        if (customSince.isValid())
            q.addQueryItem("since", apiTime(customSince));
        if (customUntil.isValid())
            q.addQueryItem("until", apiTime(customUntil));
        break;
    }
    // QUrlQuery keeps '+' and '&' inside values only when encoded.
    auto add = [&](const char *name, const QString &value) {
        if (!value.trimmed().isEmpty())
            q.addQueryItem(QString::fromLatin1(name),
                           QString::fromUtf8(QUrl::toPercentEncoding(value.trimmed(), "*")));
    };
    add("action", action);
    add("actor", actor);
    add("target", target);
    if (success)
        q.addQueryItem("success", *success ? "true" : "false");
    add("q", text);
    return q;
}

bool AuditFilter::isEmpty() const
{
    return *this == AuditFilter{};
}

} // namespace gantry
