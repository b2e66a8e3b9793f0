// Benchmark: CSV export of the audit log, side by side with `sqlite3 -csv` writing the same
// columns in the same order from the same database, in one run:
//   1. the serialiser alone (rows already in memory, AuditCsvWriter::appendRow into a buffer),
//   2. AuditCsvWriter::exportFrom end to end (store scan + serialiser) into a file,
//   3. sqlite3 -csv into a file (occurred_at and success as the stored integers: it cannot
//      format nanosecond ISO-8601, so it does less work than gantry).
// Usage: bench_audit_csv DB   (e.g. the audit-fts.db that bench_audit_store DIR leaves)
#include "audit/auditcsvwriter.h"
#include "audit/auditstore.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace gantry;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_audit_csv DB\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    QString why;
    auto db = Database::openSqlite(path, &why);
    auto store = db ? AuditStore::open(db.get(), &why) : nullptr;
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        return 1;
    }
    QTemporaryDir tmp;

    // 1. Serialiser alone.
    QList<AuditRow> rows;
    QElapsedTimer t;
    t.start();
    store->scan(
        AuditQuery(),
        [&](const QList<AuditRow> &chunk) {
            rows.append(chunk);
            return true;
        },
        &why);
    const double readS = t.nsecsElapsed() / 1e9;
    {
        QFile sink(QStringLiteral("/dev/null"));
        sink.open(QIODevice::WriteOnly);
        AuditCsvWriter writer(&sink);
        QByteArray out;
        out.reserve(2 * 1024 * 1024);
        qint64 bytes = 0;
        t.restart();
        for (const AuditRow &r : std::as_const(rows)) {
            writer.appendRow(out, r);
            if (out.size() > 1024 * 1024) {
                bytes += out.size();
                out.clear();
            }
        }
        bytes += out.size();
        const double s = t.nsecsElapsed() / 1e9;
        std::printf("rows: %lld (store scan into memory: %.2f s, %.0f rows/s)\n",
                    static_cast<long long>(rows.size()), readS, rows.size() / readS);
        std::printf("gantry serialiser alone:        %.2f s  %.0f rows/s  %.1f MiB\n", s,
                    rows.size() / s, bytes / 1048576.0);
    }
    const qsizetype count = rows.size();
    rows.clear();
    rows.squeeze();

    // 2. End to end through the store into a file.
    const QString gantryFile = tmp.filePath("gantry.csv");
    double gantryS = 0;
    {
        QFile file(gantryFile);
        file.open(QIODevice::WriteOnly);
        AuditCsvWriter writer(&file);
        t.restart();
        const auto r = writer.exportFrom(*store, AuditQuery());
        file.close();
        gantryS = t.nsecsElapsed() / 1e9;
        std::printf("gantry export end to end:       %.2f s  %.0f rows/s  %.1f MiB (%lld rows)\n",
                    gantryS, r.rows / gantryS, QFileInfo(gantryFile).size() / 1048576.0,
                    static_cast<long long>(r.rows));
    }

    // 3. The shell, same columns and order, into a file.
    const QString shellFile = tmp.filePath("shell.csv");
    QProcess shell;
    shell.setStandardOutputFile(shellFile);
    t.restart();
    shell.start(QStringLiteral("sqlite3"),
                {"-csv", "-header", path,
                 "SELECT action, actor, target, payload, occurred_at, metadata, id, version, "
                 "scope, success, request FROM audit_events ORDER BY occurred_at, id"});
    shell.waitForFinished(-1);
    const double shellS = t.nsecsElapsed() / 1e9;
    std::printf("sqlite3 -csv:                   %.2f s  %.0f rows/s  %.1f MiB\n", shellS,
                count / shellS, QFileInfo(shellFile).size() / 1048576.0);
    std::printf("end to end, gantry / shell time: %.2fx\n", gantryS / shellS);
    return 0;
}
