// Benchmark: CSV export of the audit log, side by side with `sqlite3 -csv` writing the same
// columns in the same order from the same database, in one run:
//   1. the serialiser alone (rows already in memory, AuditCsvWriter::appendRow into a buffer;
//      run last, see there),
//   2. AuditCsvWriter::exportFrom end to end (store scan + serialiser) into a file,
//   3. through the API: a real gantryd (from ../bin) on a data dir whose gantry.db is a hard link
//      to DB, GET /v1/audit/export.csv into a file with curl, three times, each right after
//      sqlite3 -csv writing the same columns into a file (occurred_at and success as the stored
//      integers: it cannot format nanosecond ISO-8601, so it does less work than gantry); the
//      ratios use the medians (single runs vary by up to 2x on a shared machine),
//   4. gantryctl audit export -o, then gantryctl audit import of that file into a second
//      gantryd on an empty data dir.
// Usage: bench_audit_csv DB   (e.g. the audit-fts.db that bench_audit_store DIR leaves; gantryd's
// data dir is DB's directory/bench-gantryd-data, holding a hard link to DB)
#include "audit/auditcsvwriter.h"
#include "audit/auditstore.h"
#include "handshake.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <unistd.h>

#include <algorithm>
#include <cstdio>

using namespace gantry;

namespace {

// Until gantryd's listening line: a long start (a migration, a full-text rebuild) prints
// {"starting": …} lines first.
bool waitForListening(QProcess &gantryd)
{
    bool listening = false;
    while (!listening && (gantryd.canReadLine() || gantryd.waitForReadyRead(60000))) {
        while (gantryd.canReadLine())
            listening = listening || gantryd.readLine().contains("\"listening\"");
    }
    return listening;
}

// Before each timed step: the files earlier steps wrote go to disk first, so their writeback
// is not timed as part of the next step.
void settle()
{
    ::sync();
}

QString privateDir(const QString &path)
{
    QDir(path).removeRecursively();
    QDir().mkpath(path);
    QFile::setPermissions(path,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

// sqlite3 -csv writing the columns of gantry's CSV, in its order, into `file`; its seconds.
double timedShellExport(const QString &db, const QString &file)
{
    QProcess shell;
    shell.setStandardOutputFile(file);
    settle();
    QElapsedTimer t;
    t.start();
    shell.start(QStringLiteral("sqlite3"),
                {"-csv", "-header", db,
                 "SELECT action, actor, target, payload, occurred_at, metadata, id, version, "
                 "scope, success, request FROM audit_events ORDER BY occurred_at, id"});
    shell.waitForFinished(-1);
    return t.nsecsElapsed() / 1e9;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

} // namespace

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

    // 2. End to end through the store into a file.
    const QString gantryFile = tmp.filePath("gantry.csv");
    double gantryS = 0;
    qsizetype count = 0;
    QElapsedTimer t;
    {
        QFile file(gantryFile);
        file.open(QIODevice::WriteOnly);
        AuditCsvWriter writer(&file);
        settle();
        t.restart();
        const auto r = writer.exportFrom(*store, AuditQuery());
        file.close();
        gantryS = t.nsecsElapsed() / 1e9;
        count = r.rows;
        std::printf("gantry export end to end:       %.2f s  %.0f rows/s  %.1f MiB (%lld rows)\n",
                    gantryS, r.rows / gantryS, QFileInfo(gantryFile).size() / 1048576.0,
                    static_cast<long long>(r.rows));
    }

    // 3. Through the API of a real gantryd, into a file, each run right after the shell.
    double apiS = 0;
    double ctlS = 0;
    QList<double> shellRuns;
    {
        store.reset();
        db.reset();
        const QString dataDir = privateDir(QFileInfo(path).absolutePath() + "/bench-gantryd-data");
        if (::link(QFile::encodeName(path).constData(),
                   QFile::encodeName(dataDir + "/gantry.db").constData()) != 0) {
            std::fprintf(stderr, "cannot hard-link %s into %s\n", qPrintable(path),
                         qPrintable(dataDir));
            return 1;
        }
        const QString bin = QCoreApplication::applicationDirPath() + "/../bin/";
        QProcess gantryd;
        gantryd.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        gantryd.start(bin + "gantryd", {"--data-dir", dataDir, "--fleet", "local:1"});
        if (!waitForListening(gantryd)) {
            std::fprintf(stderr, "gantryd did not start\n");
            return 1;
        }
        const auto handshake = Handshake::read(dataDir);
        const QString apiFile = tmp.filePath("api.csv");
        const QString shellFile = tmp.filePath("shell.csv");
        QList<double> apiRuns;
        for (int round = 1; round <= 3; ++round) {
            QFile::remove(shellFile);
            QFile::remove(apiFile);
            const double shellRun = timedShellExport(path, shellFile);
            shellRuns.append(shellRun);
            QProcess curl;
            settle();
            t.restart();
            curl.start("curl",
                       {"-sS", "-o", apiFile, "-H", "Authorization: Bearer " + handshake->token,
                        handshake->address + "/v1/audit/export.csv"});
            curl.waitForFinished(-1);
            apiRuns.append(t.nsecsElapsed() / 1e9);
            std::printf(
                "round %d: sqlite3 -csv %.2f s (%.1f MiB), through the API (curl -o) %.2f s "
                "(%.1f MiB)\n",
                round, shellRun, QFileInfo(shellFile).size() / 1048576.0, apiRuns.last(),
                QFileInfo(apiFile).size() / 1048576.0);
        }
        apiS = median(apiRuns);
        std::printf("through the API (curl -o), median: %.2f s  %.0f rows/s\n", apiS, count / apiS);
        QProcess ctl;
        settle();
        t.restart();
        ctl.start(bin + "gantryctl",
                  {"--data-dir", dataDir, "audit", "export", "-o", tmp.filePath("ctl.csv")});
        ctl.waitForFinished(-1);
        ctlS = t.nsecsElapsed() / 1e9;
        std::printf("gantryctl audit export -o:      %.2f s  %.0f rows/s  %.1f MiB (exit %d)\n",
                    ctlS, count / ctlS, QFileInfo(tmp.filePath("ctl.csv")).size() / 1048576.0,
                    ctl.exitCode());
        gantryd.terminate();
        gantryd.waitForFinished(10000);
        QDir(dataDir).removeRecursively(); // the link, not the DB

        // The file gantryctl exported, imported again into a new, empty gantryd: the whole
        // ingest path of an import (upload in chunks, CSV parse, all-or-nothing store).
        const QString importDir = privateDir(tmp.filePath("import-data"));
        QProcess fresh;
        fresh.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        fresh.start(bin + "gantryd", {"--data-dir", importDir, "--fleet", "local:1"});
        if (!waitForListening(fresh)) {
            std::fprintf(stderr, "the second gantryd did not start\n");
            return 1;
        }
        QProcess import;
        settle();
        t.restart();
        import.start(bin + "gantryctl",
                     {"--data-dir", importDir, "audit", "import", tmp.filePath("ctl.csv")});
        import.waitForFinished(-1);
        const double importS = t.nsecsElapsed() / 1e9;
        std::printf("gantryctl audit import (empty): %.2f s  %.0f rows/s (exit %d): %s\n", importS,
                    count / importS, import.exitCode(),
                    import.readAllStandardOutput().trimmed().replace('\n', "; ").constData());
        fresh.terminate();
        fresh.waitForFinished(10000);
    }

    // 1. Serialiser alone, last: a million rows in memory and freed again leave this process's
    // heap slower for what follows (the in-process export took 1.6-1.8 s after it, 0.95 s before).
    db = Database::openSqlite(path, &why);
    store = db ? AuditStore::open(db.get(), &why) : nullptr;
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        return 1;
    }
    QList<AuditRow> rows;
    t.restart();
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

    const double shellS = median(shellRuns);
    std::printf("sqlite3 -csv, median:           %.2f s  %.0f rows/s\n", shellS, count / shellS);
    std::printf("store to file, gantry / shell time:  %.2fx\n", gantryS / shellS);
    std::printf("API to file (curl), / shell time:    %.2fx\n", apiS / shellS);
    std::printf("gantryctl -o to file, / shell time:  %.2fx\n", ctlS / shellS);
    return 0;
}
