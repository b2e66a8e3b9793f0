// Retention of the local fleet with real parts: a SQLite database, the FleetStore, a LocalFleet
// running real processes, and the API's job routes. Finished jobs past the age or the count leave
// the database, the scheduler and the disk; recent and unfinished ones stay; a long run of
// sample-load-like workflows keeps the scheduler's job count bounded.
#include "api/eventhub.h"
#include "api/router.h"
#include "api/tokenauth.h"
#include "audit/auditsink.h"
#include "fleetretention.h"
#include "fleetroutes.h"
#include "fleetservice.h"
#include "fleetstore.h"
#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>
#include <QtTest>

using namespace gantry;

namespace {

constexpr char kToken[] = "tok-0123456789abcdef";

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.begin(), list.end());
}

} // namespace

class TestFleetRetention final : public QObject
{
    Q_OBJECT

    // gantryd's fleet wiring (ControlPlane::startFleet) on a fresh data dir.
    struct Rig
    {
        QTemporaryDir dir;
        std::unique_ptr<Database> db;
        std::unique_ptr<FleetStore> store;
        std::unique_ptr<LocalFleet> fleet;
        EventHub events;
        NullAuditSink audit;
        std::unique_ptr<FleetService> service;
        Router router{std::make_shared<TokenAuth>(kToken)};

        explicit Rig(const FleetSpec &spec)
        {
            QString why;
            db = Database::openSqlite(dir.filePath(QStringLiteral("gantry.db")), &why);
            QVERIFY2(db, qPrintable(why));
            store = std::make_unique<FleetStore>(*db);
            QCOMPARE(store->migrate(), QString());
            fleet = std::make_unique<LocalFleet>(dir.path(), spec);
            fleet->setKillGraceMs(2000);
            QObject::connect(fleet.get(), &LocalFleet::submitted, fleet.get(),
                             [this](const LocalFleet::StoredRun &run) { store->saveRun(run); });
            QObject::connect(fleet.get(), &LocalFleet::changed, fleet.get(),
                             [this](const SchedulerChanges &changes) {
                                 QCOMPARE(store->save(fleet->scheduler(), changes), QString());
                             });
            service = std::make_unique<FleetService>(*fleet, events, audit);
            FleetRoutes{*service}.install(router);
        }

        ApiResponse get(const QString &path)
        {
            ApiRequest r;
            r.method = "GET";
            const qsizetype q = path.indexOf(QLatin1Char('?'));
            r.path = path.left(q);
            if (q >= 0)
                r.query = QUrlQuery(path.mid(q + 1));
            r.headers.insert("authorization", QByteArray("Bearer ") + kToken);
            return router.handle(r);
        }
        QStringList listedJobs()
        {
            QStringList ids;
            const ApiResponse r = get(QStringLiteral("/v1/jobs?limit=1000"));
            for (const QJsonValue &v : QJsonDocument::fromJson(r.body).array())
                ids << v.toObject().value("id").toString();
            return ids;
        }
        QStringList storedJobs() const
        {
            QStringList ids;
            const auto loaded = store->load(nullptr);
            for (const Job &j : loaded->jobs)
                ids << j.id;
            return ids;
        }
        QString jobStatusInStore(const QString &id) const
        {
            const auto loaded = store->load(nullptr);
            for (const Job &j : loaded->jobs)
                if (j.id == id)
                    return toApiString(j.status);
            return {};
        }
        QString submit(const QByteArray &yaml)
        {
            const FleetSubmitResult r = fleet->submitConfig(yaml);
            if (!r.ok())
                qWarning() << r.errorText();
            return r.jobIds.value(0);
        }
        bool dead(const QString &id) const
        {
            const auto job = fleet->scheduler().job(id);
            return job && job->status == JobStatus::Dead;
        }
        int allocationDirectories() const
        {
            return int(QDir(dir.filePath(QStringLiteral("allocs")))
                           .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                           .size());
        }
    };

    static constexpr char kQuick[] =
        "version: 2.1\njobs:\n  quick:\n    resource_class: small\n    steps: [{run: echo "
        "done}]\nworkflows:\n  w:\n    jobs: [quick]\n";

    // A finished job from ten days ago, as a restart would bring it back, with its log on disk.
    static void oldHistory(Rig &rig, int count, QStringList *jobIds, QStringList *allocIds)
    {
        const QDateTime then = QDateTime::currentDateTimeUtc().addDays(-10);
        const QString node = rig.fleet->scheduler().nodes().first().id;
        QList<Job> jobs;
        QList<Allocation> allocations;
        for (int i = 0; i < count; ++i) {
            Job job;
            job.id = newId();
            job.name = QStringLiteral("old%1").arg(i);
            job.workflow = QStringLiteral("w");
            job.workflowRunId = newId();
            job.resourceClass = QStringLiteral("small");
            job.status = JobStatus::Dead;
            job.outcome = JobOutcome::Success;
            job.submittedAt = then.addSecs(i);
            job.startedAt = job.submittedAt.addSecs(1);
            job.finishedAt = job.submittedAt.addSecs(2);
            jobs << job;
            Allocation alloc;
            alloc.id = newId();
            alloc.jobId = job.id;
            alloc.nodeId = node;
            alloc.clientStatus = ClientStatus::Complete;
            alloc.exitCode = 0;
            alloc.createdAt = job.submittedAt;
            alloc.finishedAt = job.finishedAt;
            allocations << alloc;
            QVERIFY(QDir().mkpath(rig.fleet->allocationDirectory(alloc.id)));
            QFile log(rig.fleet->logPath(alloc.id, false));
            QVERIFY(log.open(QIODevice::WriteOnly));
            log.write("old log\n");
            *jobIds << job.id;
            *allocIds << alloc.id;
        }
        // And an approval from then that still waits: unfinished, so it stays however old.
        Job hold;
        hold.id = newId();
        hold.name = QStringLiteral("hold");
        hold.workflow = QStringLiteral("w");
        hold.workflowRunId = newId();
        hold.type = QStringLiteral("approval");
        hold.resourceClass.clear();
        hold.parallelism = 0;
        hold.submittedAt = then;
        jobs << hold;
        *jobIds << hold.id;
        QCOMPARE(rig.fleet->restore({}, jobs, allocations), QStringList());
    }

private slots:
    void removesOldFinishedJobsEverywhere()
    {
        Rig rig(FleetSpec(2, 8, 16384));
        QStringList old, oldAllocs;
        oldHistory(rig, 3, &old, &oldAllocs);
        const QString hold = old.takeLast();
        const QString recent = rig.submit(kQuick);
        const QString running = rig.submit("version: 2.1\njobs:\n  slow:\n    steps: [{run: sleep "
                                           "30}]\nworkflows:\n  w:\n    jobs: [slow]\n");
        QTRY_VERIFY(rig.dead(recent));
        QTRY_COMPARE(rig.jobStatusInStore(recent), QStringLiteral("dead"));
        QTRY_COMPARE(rig.jobStatusInStore(running), QStringLiteral("running"));
        QCOMPARE(rig.storedJobs().size(), 6);
        QCOMPARE(rig.listedJobs().size(), 6);

        const FleetRetention::Result removed =
            FleetRetention(*rig.store, *rig.fleet, 7, 10000).apply();
        QCOMPARE(removed.error, QString());
        QCOMPARE(toSet(removed.jobs), toSet(old));
        QCOMPARE(toSet(removed.allocations), toSet(oldAllocs));
        const QStringList kept{hold, recent, running};
        for (const QString &id : old) {
            QVERIFY2(!rig.fleet->scheduler().job(id), "the scheduler still holds a removed job");
            QVERIFY(rig.fleet->scheduler().jobAllocations(id).isEmpty());
            QCOMPARE(rig.get(QStringLiteral("/v1/job/") + id).status, 404);
        }
        for (const QString &id : oldAllocs) {
            QVERIFY(!rig.fleet->scheduler().allocation(id));
            QVERIFY(!QFileInfo::exists(rig.fleet->allocationDirectory(id)));
        }
        QCOMPARE(toSet(rig.listedJobs()), toSet(kept));
        QCOMPARE(toSet(rig.storedJobs()), toSet(kept));
        QCOMPARE(rig.fleet->scheduler().jobs().size(), 3);
        QVERIFY(rig.fleet->scheduler().job(hold)->onHold);
        QCOMPARE(rig.allocationDirectories(), 2); // recent's and running's
        // Nothing more to do, and the fleet goes on.
        QVERIFY(FleetRetention(*rig.store, *rig.fleet, 7, 10000).apply().jobs.isEmpty());
        const QString after = rig.submit(kQuick);
        QTRY_VERIFY(rig.dead(after));
        QCOMPARE(rig.fleet->scheduler().job(after)->outcome, JobOutcome::Success);
    }

    void countKeepsJobsStillStopping()
    {
        Rig rig(FleetSpec(1, 8, 16384));
        const QString first = rig.submit(kQuick);
        QTRY_VERIFY(rig.dead(first));
        // A step that outlives TERM for the kill grace: once canceled, its job is dead and its
        // process is not.
        const QString stubborn = rig.submit("version: 2.1\njobs:\n  stubborn:\n    steps: [{run: "
                                            "\"trap '' TERM; touch trapped; sleep 30\"}]\n"
                                            "workflows:\n  w:\n    jobs: [stubborn]\n");
        QTRY_COMPARE(rig.fleet->scheduler().jobAllocations(stubborn).size(), 1);
        const QString trapped =
            rig.fleet->allocationDirectory(rig.fleet->scheduler().jobAllocations(stubborn)[0].id) +
            QStringLiteral("/project/trapped");
        QTRY_VERIFY(QFileInfo::exists(trapped));
        const QString last = rig.submit(kQuick);
        QTRY_VERIFY(rig.dead(last));
        QTRY_COMPARE(rig.jobStatusInStore(last), QStringLiteral("dead"));
        QVERIFY(rig.fleet->cancelJob(stubborn).ok());
        QTRY_COMPARE(rig.jobStatusInStore(stubborn), QStringLiteral("dead"));
        QCOMPARE(rig.fleet->runningProcesses(), 1);

        FleetRetention retention(*rig.store, *rig.fleet, 7, 1);
        QCOMPARE(retention.apply().jobs, QStringList{first});
        QVERIFY(rig.fleet->scheduler().job(stubborn));
        QVERIFY(rig.storedJobs().contains(stubborn));
        QCOMPARE(rig.listedJobs(), (QStringList{last, stubborn}));
        // Once its process is gone, it goes too.
        QTRY_COMPARE_WITH_TIMEOUT(rig.fleet->runningProcesses(), 0, 10000);
        QCOMPARE(retention.apply().jobs, QStringList{stubborn});
        QCOMPARE(rig.listedJobs(), QStringList{last});
        QCOMPARE(rig.storedJobs(), QStringList{last});
        QCOMPARE(rig.allocationDirectories(), 1);
    }

    void sampleLoadStaysBounded()
    {
        // Hourly retention under --sample-load, compressed: each round a workflow of two jobs
        // runs to its end, then retention keeps the newest six.
        Rig rig(FleetSpec(2, 8, 16384));
        FleetRetention retention(*rig.store, *rig.fleet, 7, 6);
        const QByteArray workflow = "version: 2.1\njobs:\n  build:\n    resource_class: small\n  "
                                    "  steps: [{run: echo build}]\n  test:\n    resource_class: "
                                    "small\n    steps: [{run: echo test}]\nworkflows:\n  w:\n    "
                                    "jobs: [build, {test: {requires: [build]}}]\n";
        int removed = 0;
        for (int round = 0; round < 25; ++round) {
            const FleetSubmitResult r = rig.fleet->submitConfig(workflow);
            QVERIFY2(r.ok(), qPrintable(r.errorText()));
            QTRY_VERIFY(rig.dead(r.jobIds[1]));
            QTRY_COMPARE(rig.jobStatusInStore(r.jobIds[1]), QStringLiteral("dead"));
            removed += int(retention.apply().jobs.size());
            QVERIFY2(rig.fleet->scheduler().jobs().size() <= 6,
                     qPrintable(QStringLiteral("round %1: the scheduler holds %2 jobs")
                                    .arg(round)
                                    .arg(rig.fleet->scheduler().jobs().size())));
            QVERIFY(rig.storedJobs().size() <= 6);
            QVERIFY(rig.allocationDirectories() <= 6);
        }
        QCOMPARE(removed, 50 - 6);
        QCOMPARE(rig.listedJobs().size(), 6);
        QCOMPARE(rig.service->jobCounts().complete, 6);
    }
};

QTEST_GUILESS_MAIN(TestFleetRetention)
#include "tst_fleetretention.moc"
