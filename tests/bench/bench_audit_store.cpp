// Benchmark: AuditStore on SQLite. Ingests ROWS generated events in batches of 10,000 into four
// databases: without the full-text index through recordBatch (AuditEvent objects, end to end),
// converted first and then stored (the store's share alone), pipelined (a batch of rows
// converted while the store writes the one before, as the importer does with recordRowsLater),
// and with the full-text index through recordBatch; the time is the conversion and the store's,
// never the generation of the events. Then it times
// pages of 200 with an action filter and a time range, and full-text queries (p50/p99, each
// including the total estimate as GET /v1/audit returns it).
// Usage: bench_audit_store [ROWS=1000000] [DIR=temporary] [BATCH=10000] [PARTS=plain] (DIR keeps
// audit-fts.db for bench_audit_csv; "plain" runs the first ingest alone, for larger ROWS)
#include "audit/auditstore.h"
#include "auditbenchdata.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace gantry;
using namespace gantry::bench;

namespace {

struct Timings
{
    std::vector<double> ms;
    void print(const char *what) const
    {
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double p) {
            return sorted[std::min(sorted.size() - 1, size_t(p * sorted.size()))];
        };
        std::printf("%-44s n=%zu p50=%.2f ms p99=%.2f ms max=%.2f ms\n", what, sorted.size(),
                    at(0.50), at(0.99), sorted.back());
    }
};

std::unique_ptr<AuditStore> openStore(const QString &path, bool fts, std::unique_ptr<Database> *db)
{
    QFile::remove(path);
    QFile::remove(path + "-wal");
    QFile::remove(path + "-shm");
    QString why;
    *db = Database::openSqlite(path, &why);
    AuditStore::Options options;
    options.fullTextIndex = fts;
    auto store = *db ? AuditStore::open(db->get(), options, &why) : nullptr;
    if (!store)
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(why));
    return store;
}

QList<AuditEvent> generateBatch(qint64 start, qint64 rows, int kBatch, QRandomGenerator &random)
{
    QList<AuditEvent> batch;
    batch.reserve(kBatch);
    for (qint64 i = start; i < std::min(rows, start + kBatch); ++i)
        batch.append(benchEvent(i, random));
    return batch;
}

QList<AuditRow> convertBatch(const QList<AuditEvent> &events)
{
    QList<AuditRow> rows;
    rows.reserve(events.size());
    for (const AuditEvent &e : events)
        rows.append(AuditRow::fromEvent(e));
    return rows;
}

struct Ingest
{
    bool ok = false;
    qint64 spentNs = 0;
    qint64 convertNs = 0; // of spentNs, the conversion to rows when it is apart from the store's
    double rate(qint64 events) const { return double(events) / (double(spentNs) / 1e9); }
};

// Generated batches stored one after another by `storeBatch(events, convertNs)`, which says
// how it went; only its time counts, never the generation of the events.
template<typename StoreBatch> Ingest ingestBatches(qint64 rows, int kBatch, StoreBatch storeBatch)
{
    QRandomGenerator random(42);
    Ingest ingest;
    for (qint64 start = 0; start < rows; start += kBatch) {
        const QList<AuditEvent> batch = generateBatch(start, rows, kBatch, random);
        QElapsedTimer t;
        t.start();
        const AuditStore::WriteResult r = storeBatch(batch, ingest.convertNs);
        ingest.spentNs += t.nsecsElapsed();
        if (!r.ok()) {
            std::fprintf(stderr, "ingest failed: %s\n", qPrintable(r.error));
            return {};
        }
    }
    ingest.ok = true;
    return ingest;
}

// AuditStore::recordBatch, as a producer holding AuditEvent objects calls it: the time of the
// whole call (conversion to rows, overlapped with the writes, and the writes).
Ingest ingest(AuditStore &store, qint64 rows, int kBatch)
{
    return ingestBatches(rows, kBatch, [&](const QList<AuditEvent> &events, qint64 &) {
        return store.recordBatch(events);
    });
}

// Each batch converted to rows first, then stored with recordRows: the store's share alone.
Ingest ingestConvertedFirst(AuditStore &store, qint64 rows, int kBatch)
{
    return ingestBatches(rows, kBatch, [&](const QList<AuditEvent> &events, qint64 &convertNs) {
        QElapsedTimer t;
        t.start();
        QList<AuditRow> stored = convertBatch(events);
        convertNs += t.nsecsElapsed();
        return store.recordRows(std::move(stored));
    });
}

// Batch k+1 is converted while the store writes batch k; the next batch's events are generated
// (untimed) only after that write is done, so nothing untimed overlaps the store's work.
Ingest ingestPipelined(AuditStore &store, qint64 rows, int kBatch)
{
    QRandomGenerator random(42);
    QElapsedTimer t;
    QList<AuditEvent> events = generateBatch(0, rows, kBatch, random);
    t.start();
    QList<AuditRow> ready = convertBatch(events);
    qint64 spentNs = t.nsecsElapsed();
    for (qint64 start = 0; start < rows; start += kBatch) {
        events = generateBatch(start + kBatch, rows, kBatch, random);
        t.restart();
        const AuditStore::PendingWrite pending = store.recordRowsLater(std::move(ready));
        ready = convertBatch(events);
        const auto r = store.wait(pending);
        spentNs += t.nsecsElapsed();
        if (!r.ok()) {
            std::fprintf(stderr, "ingest failed: %s\n", qPrintable(r.error));
            return {};
        }
    }
    return {true, spentNs, 0};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 rows = argc > 1 ? QByteArray(argv[1]).toLongLong() : 1000000;
    QTemporaryDir tmp;
    const QString dir = argc > 2 ? QString::fromLocal8Bit(argv[2]) : tmp.path();
    const int batch = argc > 3 ? QByteArray(argv[3]).toInt() : 10000;
    if (batch < 1) {
        std::fprintf(stderr, "BATCH must be a positive number of events\n");
        return 2;
    }
    const bool plainOnly = argc > 4 && QByteArray(argv[4]) == "plain";
    if (argc > 4 && !plainOnly) {
        std::fprintf(stderr, "PARTS: \"%s\" is not a part; expected plain\n", argv[4]);
        return 2;
    }
    std::printf("batches of %d events\n", batch);
    QDir().mkpath(dir);

    // Each ingest without the full-text index into a database of its own.
    auto ingestFresh = [&](const char *what, Ingest (*run)(AuditStore &, qint64, int)) {
        std::unique_ptr<Database> plainDb;
        auto plain = openStore(dir + "/audit-nofts.db", false, &plainDb);
        if (!plain)
            return false;
        const Ingest result = run(*plain, rows, batch);
        std::printf("ingest without full-text index, %s: %lld events, %.0f events/s\n", what,
                    static_cast<long long>(rows), result.ok ? result.rate(rows) : 0.0);
        if (result.ok && result.convertNs > 0)
            std::printf("  of which AuditEvent -> stored row (JSON) %.0f%%, database writes %.0f "
                        "events/s\n",
                        100.0 * double(result.convertNs) / double(result.spentNs),
                        double(rows) / (double(result.spentNs - result.convertNs) / 1e9));
        plain.reset();
        plainDb.reset();
        QFile::remove(dir + "/audit-nofts.db");
        return result.ok;
    };
    if (!ingestFresh("recordBatch (end to end)", ingest) ||
        !ingestFresh("converted first, then stored", ingestConvertedFirst))
        return 1;
    if (plainOnly)
        return 0;
    if (!ingestFresh("pipelined rows (as the importer)", ingestPipelined))
        return 1;

    std::unique_ptr<Database> db;
    auto store = openStore(dir + "/audit-fts.db", true, &db);
    if (!store)
        return 1;
    const Ingest withFts = ingest(*store, rows, batch);
    if (!withFts.ok)
        return 1;
    const double rate = withFts.rate(rows);
    std::printf("ingest with full-text index:    %lld events, %.0f events/s\n",
                static_cast<long long>(rows), rate);

    QRandomGenerator random(7);
    const qint64 spanNs = rows * kBenchStepNs;
    Timings pages;
    QString why;
    for (int i = 0; i < 300; ++i) {
        AuditQuery q;
        q.setAction(benchActions()[int(random.bounded(benchActions().size()))]);
        const qint64 window = spanNs / 4;
        const qint64 since = kBenchStartNs + qint64(random.bounded(double(spanNs - window)));
        q.setSince(since);
        q.setUntil(since + window);
        QElapsedTimer t;
        t.start();
        const auto page = store->query(q, &why);
        pages.ms.push_back(t.nsecsElapsed() / 1e6);
        if (!page || page->events.size() != 200) {
            std::fprintf(stderr, "page failed: %s\n", qPrintable(why));
            return 1;
        }
    }
    pages.print("page of 200, action + time range (+total)");

    Timings byActor;
    for (int i = 0; i < 300; ++i) {
        AuditQuery q;
        const int actor = int(random.bounded(500)); // ~2,000 events each in 1M
        q.setActor(i % 2 ? benchName(actor) : QString("u-%1").arg(actor));
        QElapsedTimer t;
        t.start();
        const auto page = store->query(q, &why);
        byActor.ms.push_back(t.nsecsElapsed() / 1e6);
        if (!page) {
            std::fprintf(stderr, "actor page failed: %s\n", qPrintable(why));
            return 1;
        }
    }
    byActor.print("page of 200, one actor by id or name (+total)");

    Timings text;
    qint64 matches = 0;
    for (int i = 0; i < 200; ++i) {
        AuditQuery q;
        q.setText(benchName(int(random.bounded(500)))); // an actor name: ~0.2% of the rows
        QElapsedTimer t;
        t.start();
        const auto page = store->query(q, &why);
        text.ms.push_back(t.nsecsElapsed() / 1e6);
        if (!page) {
            std::fprintf(stderr, "full-text query failed: %s\n", qPrintable(why));
            return 1;
        }
        matches += page->total;
    }
    text.print("full text, one actor name (+total)");
    std::printf("  (%.0f matches per query on average)\n", double(matches) / 200);

    Timings text2;
    for (int i = 0; i < 100; ++i) {
        AuditQuery q;
        q.setText(QString("build %1 release").arg(random.bounded(5000)));
        QElapsedTimer t;
        t.start();
        const auto page = store->query(q, &why);
        text2.ms.push_back(t.nsecsElapsed() / 1e6);
        if (!page)
            return 1;
    }
    text2.print("full text, three payload words (+total)");
    std::printf("database: %s (%.0f MiB)\n", qPrintable(dir + "/audit-fts.db"),
                QFileInfo(dir + "/audit-fts.db").size() / 1048576.0);
    return 0;
}
