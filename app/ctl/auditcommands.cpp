// gantryctl audit: list, show, export, import.
#include "csvchunker.h"
#include "ctlcommand.h"
#include "ctlsession.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
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
    // Written as it arrives (an export may be gigabytes), into a file that replaces the target
    // only when the whole export has arrived.
    const QString target = inv.value(QStringLiteral("o"));
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        std::fprintf(stderr, "gantryctl: -o: cannot write %s: %s\n", qPrintable(target),
                     qPrintable(file.errorString()));
        return kExitFailed;
    }
    const ApiResult r = session.streamTo(path, &file);
    if (!r.ok()) {
        file.cancelWriting();
        return session.fail(r);
    }
    const qint64 size = file.size();
    if (!file.commit()) {
        std::fprintf(stderr, "gantryctl: -o: cannot write %s: %s\n", qPrintable(target),
                     qPrintable(file.errorString()));
        return kExitFailed;
    }
    session.printLine(QStringLiteral("Wrote %1 (%2 bytes)").arg(target).arg(size));
    return kExitOk;
}

// The largest body POST /v1/audit/import and each chunk of an import session may have.
constexpr qint64 kMaxBodyBytes = 256 * 1024 * 1024;

// GANTRYCTL_IMPORT_CHUNK_BYTES (default and maximum: 256 MiB, gantryd's body limit): files
// larger than this go as an import session in chunks of at most this size.
std::optional<qint64> chunkBytes(QString *error)
{
    const QByteArray text = qgetenv("GANTRYCTL_IMPORT_CHUNK_BYTES");
    if (text.isEmpty())
        return kMaxBodyBytes;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < 1 || value > kMaxBodyBytes) {
        *error = QStringLiteral("GANTRYCTL_IMPORT_CHUNK_BYTES: \"%1\" must be a number of bytes "
                                "from 1 to %2")
                     .arg(QString::fromLocal8Bit(text))
                     .arg(kMaxBodyBytes);
        return std::nullopt;
    }
    return value;
}

int importFailed(CtlSession &session, const ApiResult &r)
{
    if (session.json())
        return session.fail(r);
    std::fprintf(stderr, "gantryctl: %s\n", qPrintable(r.error.message));
    for (const FieldError &e : r.error.fields)
        std::fprintf(stderr, "  %s\n", qPrintable(e.message));
    return r.unreachable ? kExitUnreachable : kExitFailed;
}

// One file as one import session: create, every chunk in order, commit. Any failure aborts
// the session, so nothing of the file is imported.
ApiResult importInChunks(CtlSession &session, QFile &file, qint64 maxChunk, bool skipBad)
{
    ApiResult r =
        session.call("POST", QStringLiteral("/v1/audit/import-sessions") +
                                 (skipBad ? QStringLiteral("?skip_bad=true") : QString()));
    if (!r.ok())
        return r;
    const QString base =
        QStringLiteral("/v1/audit/import-sessions/") + r.json.object().value("id").toString();
    CsvChunker chunker(&file, maxChunk);
    for (qint64 index = 0; !chunker.atEnd(); ++index) {
        QString why;
        const QByteArray chunk = chunker.next(&why);
        if (!why.isEmpty()) {
            session.call("DELETE", base);
            r = {};
            r.error.message =
                QStringLiteral("audit import: cannot read %1: %2").arg(file.fileName(), why);
            return r;
        }
        const QString path = base + QStringLiteral("/chunks/%1").arg(index);
        r = session.call("PUT", path, chunk, "text/csv");
        // A chunk whose answer was lost is sent once more: gantryd takes the same bytes again
        // as a retry.
        if (r.unreachable)
            r = session.call("PUT", path, chunk, "text/csv");
        if (!r.ok()) {
            session.call("DELETE", base);
            return r;
        }
    }
    return session.call("POST", base + QStringLiteral("/commit"));
}

int runImport(CtlSession &session, const CtlInvocation &inv)
{
    QFile f(inv.positionals.at(0));
    if (!f.open(QIODevice::ReadOnly))
        return session.usageError(
            QStringLiteral("audit import: cannot read %1: %2").arg(f.fileName(), f.errorString()));
    QString why;
    const auto maxChunk = chunkBytes(&why);
    if (!maxChunk)
        return session.usageError(why);
    const bool skipBad = inv.has(QStringLiteral("skip-bad"));
    // Storing a large file takes long after its last byte is sent.
    session.setTimeout(3600 * 1000);
    const ApiResult r =
        f.size() <= *maxChunk
            ? session.call("POST",
                           QStringLiteral("/v1/audit/import") +
                               (skipBad ? QStringLiteral("?skip_bad=true") : QString()),
                           f.readAll(), "text/csv")
            : importInChunks(session, f, *maxChunk, skipBad);
    if (!r.ok())
        return importFailed(session, r);
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
         "import events from a CSV export (duplicates are skipped; files over 256 MiB go "
         "as one import session in chunks)",
         {{"skip-bad", false, "import the good rows of a file with bad ones"}},
         1,
         1,
         &runImport},
    };
}

} // namespace gantry
