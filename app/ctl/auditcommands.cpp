// gantryctl audit: list, show, export, import.
#include "atomicfile.h"
#include "ctlcommand.h"
#include "ctlsession.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <cstdio>

namespace gantry {

namespace {

const QList<CtlFlag> kFilterFlags{
    {"since", true, "from this time on (ISO-8601 UTC, e.g. 2026-11-28T00:00:00Z)"},
    {"until", true, "before this time"},
    {"action", true, "an action, or a prefix with * (workflow.job.*)"},
    {"actor", true, "actor id or name"},
    {"target", true, "target id or name"},
    {"success", true, "true or false"},
    {"q", true, "full-text search over action, actor, target and payload"},
};

QUrlQuery filters(const CtlInvocation &inv)
{
    QUrlQuery q;
    for (const CtlFlag &f : kFilterFlags)
        if (inv.has(f.name))
            q.addQueryItem(f.name, inv.value(f.name));
    return q;
}

int runList(CtlSession &session, const CtlInvocation &inv)
{
    bool ok = true;
    const int limit =
        inv.has(QStringLiteral("limit")) ? inv.value(QStringLiteral("limit")).toInt(&ok) : 50;
    if (!ok || limit < 1)
        return session.usageError(QStringLiteral("audit list: -limit must be a number ≥ 1"));
    QJsonArray events;
    QString cursor;
    // The API's pages hold at most 1,000 events: follow its cursors up to the limit.
    while (events.size() < limit) {
        QUrlQuery q = filters(inv);
        q.addQueryItem(QStringLiteral("limit"),
                       QString::number(std::min(1000, limit - int(events.size()))));
        if (!cursor.isEmpty())
            q.addQueryItem(QStringLiteral("cursor"), cursor);
        const ApiResult r =
            session.call("GET", QStringLiteral("/v1/audit?") + q.toString(QUrl::FullyEncoded));
        if (!r.ok())
            return session.fail(r);
        const QJsonObject page = r.json.object();
        for (const QJsonValue &e : page.value("events").toArray())
            events.append(e);
        cursor = page.value("next_cursor").toString();
        if (cursor.isEmpty() || page.value("events").toArray().isEmpty())
            break;
    }
    if (session.json()) {
        session.printJson(events);
        return kExitOk;
    }
    QList<QStringList> rows;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        auto name = [](const QJsonObject &o) {
            return o.value("name").toString().isEmpty() ? o.value("id").toString()
                                                        : o.value("name").toString();
        };
        rows << QStringList{e.value("occurred_at").toString(),
                            e.value("action").toString(),
                            name(e.value("actor").toObject()),
                            name(e.value("target").toObject()),
                            e.value("success").toBool() ? QStringLiteral("yes")
                                                        : QStringLiteral("NO"),
                            e.value("id").toString().left(8)};
    }
    session.printTable({"Occurred at", "Action", "Actor", "Target", "Success", "ID"}, rows);
    return kExitOk;
}

int runShow(CtlSession &session, const CtlInvocation &inv)
{
    const ApiResult r = session.call("GET", QStringLiteral("/v1/audit/") + inv.positionals.at(0));
    if (!r.ok())
        return session.fail(r);
    session.printJson(r.json.object());
    return kExitOk;
}

int runExport(CtlSession &session, const CtlInvocation &inv)
{
    QUrlQuery q = filters(inv);
    if (inv.has(QStringLiteral("raw")))
        q.addQueryItem(QStringLiteral("raw"), QStringLiteral("true"));
    const QString path =
        QStringLiteral("/v1/audit/export.csv") +
        (q.isEmpty() ? QString() : QLatin1Char('?') + q.toString(QUrl::FullyEncoded));
    if (!inv.has(QStringLiteral("o"))) {
        const ApiResult r = session.streamToStdout(path);
        return r.ok() ? kExitOk : session.fail(r);
    }
    const ApiResult r = session.call("GET", path);
    if (!r.ok())
        return session.fail(r);
    const QString why = AtomicFile::write(inv.value(QStringLiteral("o")), r.raw,
                                          QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!why.isEmpty()) {
        std::fprintf(stderr, "gantryctl: %s\n", qPrintable(why));
        return kExitFailed;
    }
    session.printLine(QStringLiteral("Wrote %1 (%2 bytes)")
                          .arg(inv.value(QStringLiteral("o")))
                          .arg(r.raw.size()));
    return kExitOk;
}

int runImport(CtlSession &session, const CtlInvocation &inv)
{
    QFile f(inv.positionals.at(0));
    if (!f.open(QIODevice::ReadOnly))
        return session.usageError(
            QStringLiteral("audit import: cannot read %1: %2").arg(f.fileName(), f.errorString()));
    if (f.size() > 256 * 1024 * 1024)
        return session.usageError(
            QStringLiteral("audit import: %1 is over 256 MiB; split it at record boundaries")
                .arg(f.fileName()));
    const QString path =
        QStringLiteral("/v1/audit/import") +
        (inv.has(QStringLiteral("skip-bad")) ? QStringLiteral("?skip_bad=true") : QString());
    const ApiResult r = session.call("POST", path, f.readAll(), "text/csv");
    if (!r.ok()) {
        if (!session.json()) {
            std::fprintf(stderr, "gantryctl: %s\n", qPrintable(r.error.message));
            for (const FieldError &e : r.error.fields)
                std::fprintf(stderr, "  %s\n", qPrintable(e.message));
            return r.unreachable ? kExitUnreachable : kExitFailed;
        }
        return session.fail(r);
    }
    const QJsonObject o = r.json.object();
    if (session.json()) {
        session.printJson(o);
    } else {
        session.printLine(QStringLiteral("%1 rows: %2 imported, %3 duplicates skipped, %4 bad")
                              .arg(o.value("rows").toInteger())
                              .arg(o.value("imported").toInteger())
                              .arg(o.value("duplicates").toInteger())
                              .arg(o.value("bad_rows").toInteger()));
        for (const QJsonValue &e : o.value("errors").toArray())
            session.printLine(QStringLiteral("  ") + e.toString());
    }
    return kExitOk;
}

} // namespace

QList<CtlCommand> auditCommands()
{
    QList<CtlFlag> listFlags = kFilterFlags;
    listFlags.append({"limit", true, "at most this many events (default 50), newest first"});
    QList<CtlFlag> exportFlags = kFilterFlags;
    exportFlags.append({"raw", false, "no formula protection (for machines, not spreadsheets)"});
    exportFlags.append({"o", true, "write to this file (mode 0600) instead of standard output"});
    return {
        {{"audit", "list"},
         "[filters] [-limit N]",
         "audit events, newest first",
         listFlags,
         0,
         0,
         &runList},
        {{"audit", "show"}, "ID", "one audit event with every field", {}, 1, 1, &runShow},
        {{"audit", "export"},
         "[filters] [-raw] [-o FILE]",
         "the filtered events as CSV, oldest first",
         exportFlags,
         0,
         0,
         &runExport},
        {{"audit", "import"},
         "[-skip-bad] FILE",
         "import events from a CSV export (duplicates are skipped)",
         {{"skip-bad", false, "import the good rows of a file with bad ones"}},
         1,
         1,
         &runImport},
    };
}

} // namespace gantry
