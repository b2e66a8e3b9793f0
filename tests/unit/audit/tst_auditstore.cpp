// AuditStore on SQLite, or on PostgreSQL when built with GANTRY_TEST_POSTGRES: deduplication,
// batches, concurrent producers, full fidelity of every field, and durability against kill -9.
#include "audit/auditidkey.h"
#include "audit/auditstore.h"
#include "audittestbackend.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

#include <atomic>
#include <csignal>
#include <thread>
#include <unistd.h>

using namespace gantry;

namespace {

AuditEvent makeEvent(const QString &action, qint64 ns, const QString &actorName = "alice")
{
    AuditEvent e =
        AuditEvent::make(action, AuditEvent::entity("user", "u-" + actorName, actorName),
                         AuditEvent::entity("project", "p-1", "gantry"), {{"branch", "main"}});
    e.occurredAtNs = ns;
    return e;
}

constexpr qint64 kBase = 1700000000LL * 1000000000LL;

// The child of durabilityAfterKill: records from 4 threads, prints each id once record() has
// returned, and SIGKILLs itself right after the 400th acknowledgement.
int durabilityChild(const QString &target)
{
    QString why;
    auto db = AuditTestBackend::reopen(target, &why);
    auto store = db ? AuditStore::open(db.get(), &why) : nullptr;
    if (!store) {
        fprintf(stderr, "child: %s\n", qPrintable(why));
        return 2;
    }
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0;; ++i) {
                AuditEvent e = makeEvent("node.drain.enable", kBase + t * 1000000 + i);
                store->record(e);
                const QByteArray line = e.id.toLatin1() + '\n';
                if (::write(STDOUT_FILENO, line.constData(), size_t(line.size())) < 0)
                    _exit(3);
                if (++acknowledged == 400)
                    ::raise(SIGKILL);
            }
        });
    }
    for (auto &t : threads)
        t.join();
    return 0;
}

// The child of unfinishedImportIsTakenBackAtOpen: records live events from one thread (each id
// printed as "live ID" once acknowledged) while importing 1,000-row chunks of import "cut"
// (each chunk's ids printed as "import ID"), and SIGKILLs itself once the third chunk is stored.
int importChild(const QString &target)
{
    QString why;
    auto db = AuditTestBackend::reopen(target, &why);
    auto store = db ? AuditStore::open(db.get(), &why) : nullptr;
    if (!store) {
        fprintf(stderr, "child: %s\n", qPrintable(why));
        return 2;
    }
    auto say = [](const QByteArray &line) {
        if (::write(STDOUT_FILENO, line.constData(), size_t(line.size())) < 0)
            _exit(3);
    };
    std::atomic_bool stop = false;
    std::thread live([&] {
        for (int i = 0; !stop; ++i) {
            AuditEvent e = makeEvent("user.logged_in", kBase + i, "liveuser");
            store->record(e);
            say("live " + e.id.toLatin1() + '\n');
        }
    });
    for (int chunk = 0;; ++chunk) {
        QList<AuditRow> rows;
        QByteArray ids;
        for (int i = 0; i < 1000; ++i) {
            AuditEvent e =
                makeEvent("audit_log.import", kBase + 5000000 + chunk * 1000 + i, "importeduser");
            ids += "import " + e.id.toLatin1() + '\n';
            rows.append(AuditRow::fromEvent(e));
        }
        if (!store->recordRows(std::move(rows), QStringLiteral("cut")).ok())
            return 4;
        say(ids);
        if (chunk == 2)
            ::raise(SIGKILL);
    }
}

} // namespace

class TestAuditStore final : public QObject
{
    Q_OBJECT
    AuditTestBackend m_backend;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditStore> m_store;
    QString m_target;

    qint64 total()
    {
        AuditQuery all;
        QString why;
        const auto n = m_store->count(all, &why);
        [&] { QVERIFY2(n, qPrintable(why)); }();
        return n ? n->first : -1;
    }

    // The number of events of that actor and target (id or name; empty: any).
    qint64 countOf(const QString &actor, const QString &target = {})
    {
        AuditQuery q;
        q.setActor(actor);
        q.setTarget(target);
        QString why;
        const auto n = m_store->count(q, &why);
        [&] { QVERIFY2(n, qPrintable(why)); }();
        return n ? n->first : -1;
    }

private Q_SLOTS:
    void initTestCase() { GANTRY_AUDIT_BACKEND_SETUP(m_backend); }
    void cleanupTestCase() { m_backend.tearDown(); }
    void init()
    {
        QString why;
        m_db = m_backend.create(&m_target, &why);
        QVERIFY2(m_db, qPrintable(why));
        m_store = AuditStore::open(m_db.get(), &why);
        QVERIFY2(m_store, qPrintable(why));
    }
    void cleanup()
    {
        m_store.reset();
        m_db.reset();
    }

    void migratesOnce()
    {
        QCOMPARE(m_db->schemaVersion("audit"), int(AuditStore::migrations().size()));
        QString why;
        m_store.reset();
        m_store = AuditStore::open(m_db.get(), &why); // again: nothing to do
        QVERIFY2(m_store, qPrintable(why));
    }

    void keepsEveryField()
    {
        AuditEvent e = makeEvent("settings.update", kBase + 123456789);
        e.actor = QJsonObject{{"id", "u-1"}, {"type", "user"}, {"name", "Zoë \"z\", admin"}};
        e.scope = AuditEvent::entity("account", "a-1", "acme");
        e.request = {{"id", "r-1"}, {"ip_address", "127.0.0.1"}, {"client_trace_id", "t-1"}};
        e.payload = {{"text", "line1\r\nline2, \"quoted\" 日本 😀"},
                     {"n", 42},
                     {"list", QJsonArray{1, "two", true}},
                     {"nested", QJsonObject{{"b", 1}, {"a", 2}}}};
        e.metadata = {{"zeta", "1"}, {"alpha", "=SUM(A1)"}};
        e.version = 2;
        e.success = false;
        QString why;
        QVERIFY2(m_store->tryRecord(e, &why), qPrintable(why));
        const auto got = m_store->get(e.id, &why);
        QVERIFY2(got, qPrintable(why));
        QCOMPARE(got->toJson(), e.toJson());
        QCOMPARE(got->occurredAtNs, kBase + 123456789);
        QVERIFY(!m_store->get(QUuid::createUuid().toString(QUuid::WithoutBraces), &why));
        QVERIFY(!m_store->get("not-a-uuid", &why));
        QVERIFY(why.contains("id"));
    }

    void entitiesWithoutANameOrAnIdAreStoredAndFound()
    {
        // A missing name or id is NULL in its column and "" in the entity's key; an empty one
        // is "" in both.
        AuditEvent e = makeEvent("node.create", kBase);
        e.actor = QJsonObject{{"id", "u-nameless"}, {"type", "user"}};
        e.target = QJsonObject{{"name", ""}, {"type", "node"}};
        m_store->record(e);
        QCOMPARE(countOf("u-nameless"), 1);
        QSqlQuery q(m_db->connection());
        QVERIFY2(q.exec("SELECT actor_name IS NULL, target_id IS NULL, target_name FROM "
                        "audit_events") &&
                     q.next(),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.value(0).toBool());
        QVERIFY(q.value(1).toBool());
        QCOMPARE(q.value(2).toString(), QString(""));
        QVERIFY(!q.value(2).isNull());
        QString why;
        QCOMPARE(m_store->get(e.id, &why)->toJson(), e.toJson());
    }

    void storesTheSameIdOnce()
    {
        const AuditEvent e = makeEvent("user.logged_in", kBase);
        m_store->record(e);
        m_store->record(e);
        QCOMPARE(total(), 1);
        const AuditEvent a = makeEvent("user.logged_out", kBase + 1);
        const AuditEvent b = makeEvent("user.logged_out", kBase + 2);
        const auto r = m_store->recordBatch({a, e, b, a});
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.inserted, 2);   // a and b
        QCOMPARE(r.duplicates, 2); // e (stored before) and a again
        QCOMPARE(total(), 3);
        // An upper-case or braced id is the same UUID.
        AuditEvent upper = e;
        upper.id = '{' + e.id.toUpper() + '}';
        const auto again = m_store->recordBatch({upper});
        QCOMPARE(again.inserted, 0);
        QCOMPARE(again.duplicates, 1);
    }

    void queuedBatchesAreStoredInTheOrderQueued()
    {
        // A producer queues three batches before it waits for any (recordRowsLater): the
        // second repeats an id of the first, which must be stored by then.
        auto rowsOf = [](const QList<AuditEvent> &events) {
            QList<AuditRow> rows;
            for (const AuditEvent &e : events)
                rows.append(AuditRow::fromEvent(e));
            return rows;
        };
        QList<AuditEvent> first, second, third;
        for (int i = 0; i < 3000; ++i) {
            first << makeEvent("workflow.job.start", kBase + i);
            second << makeEvent("workflow.job.finish", kBase + 3000 + i);
            third << makeEvent("workflow.job.approve", kBase + 6000 + i);
        }
        second[1234] = first[17];
        const auto a = m_store->recordRowsLater(rowsOf(first));
        const auto b = m_store->recordRowsLater(rowsOf(second));
        const auto c = m_store->recordRowsLater(rowsOf(third));
        const auto rc = m_store->wait(c); // waited for out of order: each has its own result
        QVERIFY2(rc.ok(), qPrintable(rc.error));
        QCOMPARE(rc.inserted, 3000);
        const auto rb = m_store->wait(b);
        QCOMPARE(rb.inserted, 2999);
        QCOMPARE(rb.duplicates, 1);
        const auto ra = m_store->wait(a);
        QCOMPARE(ra.inserted, 3000);
        QCOMPARE(ra.duplicates, 0);
        QCOMPARE(total(), 8999);
        QVERIFY(m_store->wait(m_store->recordRowsLater({})).ok()); // nothing to store
    }

    void recordsLargeBatches()
    {
        QList<AuditEvent> events;
        for (int i = 0; i < 20000; ++i)
            events << makeEvent("workflow.job.start", kBase + i);
        // recordBatch stores it in chunks: an id of the first chunk repeated in the last one,
        // and in the same chunk, is stored once.
        events[19000] = events[10];
        events[11] = events[10];
        const auto r = m_store->recordBatch(events);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.inserted, 19998);
        QCOMPARE(r.duplicates, 2);
        QString why;
        QVERIFY2(m_store->get(events.last().id, &why), qPrintable(why));
        qint64 scanned = 0;
        QVERIFY(m_store->scan(
            AuditQuery(),
            [&](const QList<AuditRow> &rows) {
                scanned += rows.size();
                return true;
            },
            &why));
        QCOMPARE(scanned, 19998);
    }

    void walIsCheckpointedWhileWriting()
    {
        if (AuditTestBackend::kPostgres)
            QSKIP("needs: the SQLite backend (the write-ahead log file it checks is SQLite's)");
        // A pass at 32 pages (512 KiB): the WAL must stay near that, plus what the writer
        // commits during a pass and the transaction under way, far below the data written.
        m_store.reset();
        AuditStore::Options options;
        options.walCheckpointPages = 32;
        QString why;
        m_store = AuditStore::open(m_db.get(), options, &why);
        QVERIFY2(m_store, qPrintable(why));
        qint64 largestWal = 0;
        qint64 inserted = 0;
        for (int batch = 0; batch < 20; ++batch) {
            QList<AuditEvent> events;
            for (int i = 0; i < 2000; ++i) {
                AuditEvent e = makeEvent("workflow.job.start", kBase + batch * 2000 + i);
                e.payload.insert("log", QString(200, QChar('a' + i % 26)));
                events << e;
            }
            const auto r = m_store->recordBatch(events);
            QVERIFY2(r.ok(), qPrintable(r.error));
            inserted += r.inserted;
            largestWal = std::max(largestWal, QFileInfo(m_target + "-wal").size());
        }
        const qint64 written = QFileInfo(m_target).size() + QFileInfo(m_target + "-wal").size();
        QVERIFY2(written > 20 * 1024 * 1024, qPrintable(QString::number(written)));
        QVERIFY2(
            largestWal < written / 4,
            qPrintable(QStringLiteral("WAL %1 bytes of %2 written").arg(largestWal).arg(written)));
        QCOMPARE(inserted, 40000);
        // Once the WAL starts over, its file is cut back to the pass size (journal_size_limit),
        // not left at the largest size the ingest gave it.
        const qint64 passBytes = 32 * 16384;
        for (int i = 0; i < 200 && QFileInfo(m_target + "-wal").size() > passBytes; ++i) {
            m_store->record(makeEvent("user.logged_in", kBase + 50000 + i));
            QTest::qWait(10);
        }
        QVERIFY2(QFileInfo(m_target + "-wal").size() <= passBytes,
                 qPrintable(QString::number(QFileInfo(m_target + "-wal").size())));
    }

    void concurrentProducersShareCommits()
    {
        constexpr int kThreads = 8;
        constexpr int kEach = 250;
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        QList<QString> ids[kThreads];
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i) {
                    const AuditEvent e =
                        makeEvent("node.eligibility.update", kBase + t * kEach + i);
                    QString why;
                    if (!m_store->tryRecord(e, &why))
                        ++failures;
                    ids[t] << e.id;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(total(), kThreads * kEach);
        QString why;
        for (const auto &list : ids)
            QVERIFY(m_store->get(list.last(), &why));
    }

    void fullTextCanBeDeferred()
    {
        m_store.reset();
        QString why;
        AuditStore::Options bulk;
        bulk.fullTextIndex = false;
        m_store = AuditStore::open(m_db.get(), bulk, &why);
        QVERIFY2(m_store, qPrintable(why));
        m_store->record(makeEvent("backup.create", kBase, "zebedee"));
        AuditQuery q;
        QCOMPARE(q.setText("zebedee"), QString());
        if (AuditTestBackend::kPostgres) { // the generated tsvector column is always current
            QCOMPARE(m_store->query(q, &why)->events.size(), 1);
            return;
        }
        QVERIFY(!m_store->query(q, &why));
        QVERIFY2(why.startsWith("q:"), qPrintable(why));
        m_store.reset();
        m_store = AuditStore::open(m_db.get(), &why); // maintained again: rebuilt on open
        QVERIFY2(m_store, qPrintable(why));
        const auto page = m_store->query(q, &why);
        QVERIFY2(page, qPrintable(why));
        QCOMPARE(page->events.size(), 1);
    }

    void eventsStoredBeforeEntityRefsAreFoundByActorAndTarget()
    {
        // A log written by the schema before migration 3 (four text indexes, no refs).
        m_store.reset();
        m_db.reset();
        QString why;
        m_db = m_backend.create(&m_target, &why);
        QVERIFY2(m_db, qPrintable(why));
        QCOMPARE(m_db->migrate("audit", AuditStore::migrations().mid(0, 2)), QString());
        QSqlQuery q(m_db->connection());
        const QString success = AuditTestBackend::kPostgres ? "true" : "1";
        QStringList oldIds;
        for (int i = 0; i < 3; ++i) {
            const QString actor = i == 2 ? "bob" : "alice";
            oldIds << QUuid::createUuid().toString(QUuid::WithoutBraces);
            QVERIFY2(
                q.exec(
                    QStringLiteral(
                        "INSERT INTO audit_events (id, occurred_at, action, actor, target, scope, "
                        "request, payload, metadata, version, success, actor_id, actor_name, "
                        "target_id, target_name) VALUES ('%1', %2, 'user.logged_in', '{}', "
                        "'{}', '{}', '{}', '{}', '{}', 1, %3, 'u-%4', '%4', 'p-1', NULL)")
                        .arg(oldIds.last())
                        .arg(kBase + i)
                        .arg(success, actor)),
                qPrintable(q.lastError().text()));
        }
        m_store = AuditStore::open(m_db.get(), &why);
        QVERIFY2(m_store, qPrintable(why));
        m_store->record(makeEvent("user.logged_out", kBase + 10, "alice"));
        QCOMPARE(countOf("alice"), 3);
        QCOMPARE(countOf("u-bob"), 1);
        // The old rows' target has an id and no name; the new one both.
        QCOMPARE(countOf({}, "p-1"), 4);
        QCOMPARE(countOf("carol"), 0);
        // Migration 4 keyed the old rows (SQLite): found by id, and their ids stay taken.
        for (const QString &id : std::as_const(oldIds)) {
            const auto found = m_store->get(id, &why);
            QVERIFY2(found, qPrintable(id + ": " + why));
            QCOMPARE(found->id, id);
            AuditEvent again = makeEvent("user.logged_in", kBase + 20);
            again.id = id;
            const auto r = m_store->recordBatch({again});
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(r.duplicates, 1);
        }
        QCOMPARE(total(), 4);
    }

    void actorsAndTargetsAreFoundFarApartInTheLog()
    {
        // SQLite files actor and target refs under a bucket of 65,536 seqs; a filter must see
        // every bucket, not only the first. Seqs are pushed five buckets on between events.
        m_store->record(makeEvent("user.logged_in", kBase + 1, "alice"));
        m_store->record(makeEvent("user.logged_in", kBase + 2, "bob"));
        QSqlQuery q(m_db->connection());
        const qint64 jump = 5 * 65536;
        const QString push =
            AuditTestBackend::kPostgres
                ? QStringLiteral("SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), "
                                 "(SELECT max(seq) FROM audit_events) + %1)")
                : QStringLiteral("UPDATE audit_events SET seq = seq + %1 WHERE seq = "
                                 "(SELECT max(seq) FROM audit_events)");
        QVERIFY2(q.exec(push.arg(jump)), qPrintable(q.lastError().text()));
        m_store->record(makeEvent("user.logged_out", kBase + 3, "alice"));
        QVERIFY2(q.exec("SELECT max(seq) FROM audit_events") && q.next(),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.value(0).toLongLong() > jump);
        QString why;
        AuditQuery alice;
        alice.setActor("alice");
        const auto page = m_store->query(alice, &why);
        QVERIFY2(page, qPrintable(why));
        QCOMPARE(page->events.size(), 2);
        QCOMPARE(page->events[0].action, QString("user.logged_out")); // newest first
        QCOMPARE(page->total, 2);
        QCOMPARE(countOf("u-bob"), 1);
        QCOMPARE(countOf({}, "gantry"), 3);
        QCOMPARE(countOf("alice", "gantry"), 2);
    }

    void duplicatesAreFoundFarApartInTheLogAndAfterAReopen()
    {
        // SQLite files id keys under a seq bucket and asks an in-memory filter of the stored ids
        // first. An id sent again at another time is looked for in every bucket, newest first.
        const AuditEvent first = makeEvent("user.logged_in", kBase + 1);
        const AuditEvent far = makeEvent("user.logged_in", kBase + 2);
        QVERIFY(m_store->recordBatch({first, far}).ok());
        QSqlQuery q(m_db->connection());
        QVERIFY2(q.exec(QStringLiteral("UPDATE audit_events SET seq = seq + %1 WHERE id = '%2'")
                            .arg(5 * 65536)
                            .arg(far.id)),
                 qPrintable(q.lastError().text()));
        m_store->record(makeEvent("user.logged_out", kBase + 3));
        auto sentAgain = [&](const AuditEvent &e, qint64 ns) {
            AuditEvent again = e;
            again.occurredAtNs = ns;
            again.action = "user.logged_out";
            const auto r = m_store->recordBatch({again});
            return r.ok() && r.duplicates == 1 && r.inserted == 0;
        };
        QString why;
        for (int round = 0; round < 2; ++round) { // the second after a reopen: ids read back
            QVERIFY2(m_store->get(first.id, &why), qPrintable(why));
            QVERIFY2(m_store->get(far.id, &why), qPrintable(why));
            QVERIFY(sentAgain(first, first.occurredAtNs));
            QVERIFY(sentAgain(far, far.occurredAtNs));
            QVERIFY(sentAgain(first, kBase + 100)); // in the oldest bucket
            QVERIFY(sentAgain(far, kBase + 100));   // in the newest
            QCOMPARE(total(), 3);
            m_store.reset();
            m_store = AuditStore::open(m_db.get(), &why);
            QVERIFY2(m_store, qPrintable(why));
        }
    }

    void idKeysNeverChange()
    {
        // Stored in every SQLite audit log since migration 4: a new function would orphan them.
        QCOMPARE(auditIdKey(QString("0f8e2c34-5a1b-4c7d-9e6f-112233445566")),
                 auditIdKey(QByteArrayView("0f8e2c34-5a1b-4c7d-9e6f-112233445566")));
        QCOMPARE(auditIdKey(QByteArrayView("")), qint64(0xcbf29ce484222325ULL));
        QCOMPARE(auditIdKey(QByteArrayView("a")), qint64(0xaf63dc4c8601ec8cULL));
        QCOMPARE(auditIdKey(QString::fromUtf8("évènement")),
                 auditIdKey(QByteArrayView(QString::fromUtf8("évènement").toUtf8())));
    }

    void importsAreAllOrNothing()
    {
        auto chunk = [](int from, const QString &who) {
            QList<AuditRow> rows;
            for (int i = from; i < from + 500; ++i)
                rows.append(
                    AuditRow::fromEvent(makeEvent("project.settings.update", kBase + i, who)));
            return rows;
        };
        m_store->record(makeEvent("user.logged_in", kBase - 10));
        QCOMPARE(m_store->recordRows(chunk(0, "takenback"), "a").inserted, 500);
        m_store->record(makeEvent("user.logged_in", kBase - 9)); // between the chunks: stays
        const QList<AuditRow> second = chunk(500, "takenback");
        QCOMPARE(m_store->recordRows(second, "a").inserted, 500);
        QCOMPARE(total(), 1002);
        qint64 removed = 0;
        QString why = m_store->takeBackImport("a", &removed);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(removed, 1000);
        QCOMPARE(total(), 2);
        QVERIFY(!m_store->get(second.first().id, &why));
        AuditQuery words;
        QCOMPARE(words.setText("takenback"), QString());
        const auto found = m_store->query(words, &why);
        QVERIFY2(found, qPrintable(why));
        QVERIFY(found->events.isEmpty()); // the full-text index forgot them too
        // A completed import stays, across a reopen; taking it back later changes nothing.
        QCOMPARE(m_store->recordRows(chunk(0, "kept"), "b").inserted, 500);
        QCOMPARE(m_store->recordRows(second, "b").inserted, 500);
        QCOMPARE(m_store->completeImport("b"), QString());
        m_store.reset();
        m_store = AuditStore::open(m_db.get(), &why);
        QVERIFY2(m_store, qPrintable(why));
        QCOMPARE(total(), 1002);
        QCOMPARE(m_store->takeBackImport("b", &removed), QString());
        QCOMPARE(removed, 0);
        QCOMPARE(total(), 1002);
        QVERIFY(words.setText("kept").isEmpty());
        QCOMPARE(m_store->query(words, &why)->events.size(), 200); // a page of the 1,000
    }

    void unfinishedImportIsTakenBackAtOpen()
    {
        m_store.reset();
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {"--import-child", m_target});
        QVERIFY(child.waitForFinished(60000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QSet<QString> live;
        QStringList imported;
        for (const QByteArray &line : child.readAllStandardOutput().split('\n')) {
            if (line.startsWith("live ") && line.size() == 41)
                live.insert(QString::fromLatin1(line.mid(5)));
            else if (line.startsWith("import ") && line.size() == 43)
                imported.append(QString::fromLatin1(line.mid(7)));
        }
        QVERIFY2(imported.size() >= 3000, qPrintable(QString::number(imported.size())));
        QString why;
        m_store = AuditStore::open(m_db.get(), &why);
        QVERIFY2(m_store, qPrintable(why));
        for (const QString &id : std::as_const(imported))
            QVERIFY2(!m_store->get(id, &why), qPrintable(id + " of the cut import is still there"));
        int lost = 0;
        for (const QString &id : std::as_const(live))
            if (!m_store->get(id, &why))
                ++lost;
        QCOMPARE(lost, 0);
        QCOMPARE(total(), m_store->count(AuditQuery(), &why)->first);
        AuditQuery importedOnes;
        importedOnes.setActor("importeduser");
        QCOMPARE(m_store->count(importedOnes, &why)->first, 0);
    }

    void durabilityAfterKill()
    {
        m_store.reset();
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {"--durability-child", m_target});
        QVERIFY(child.waitForFinished(60000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
        QSet<QString> acknowledged;
        for (const QByteArray &line : lines)
            if (line.size() == 36) // a torn last line was never acknowledged
                acknowledged.insert(QString::fromLatin1(line));
        QVERIFY2(acknowledged.size() >= 400, qPrintable(QString::number(acknowledged.size())));
        QString why;
        m_store = AuditStore::open(m_db.get(), &why);
        QVERIFY2(m_store, qPrintable(why));
        int lost = 0;
        for (const QString &id : std::as_const(acknowledged))
            if (!m_store->get(id, &why))
                ++lost;
        QCOMPARE(lost, 0);
    }
};

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--import-child") == 0) {
        QCoreApplication app(argc, argv);
        return importChild(QString::fromLocal8Bit(argv[2]));
    }
    if (argc == 3 && qstrcmp(argv[1], "--durability-child") == 0) {
        QCoreApplication app(argc, argv);
        return durabilityChild(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestAuditStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_auditstore.moc"
