#include "allocation.h"
#include "job.h"
#include "node.h"
#include "resourceclass.h"

#include <QtTest>

using namespace gantry;

class TestFleetDomain final : public QObject
{
    Q_OBJECT

private slots:
    void resourceClasses()
    {
        QCOMPARE(ResourceClass::names(),
                 (QStringList{"small", "medium", "medium+", "large", "xlarge"}));
        QCOMPARE(ResourceClass::find("medium+")->cpu, 3);
        QCOMPARE(ResourceClass::find("xlarge")->memoryMb, 16384);
        QVERIFY(!ResourceClass::find("huge"));
    }

    void nodeJson()
    {
        Node node;
        node.id = "n-1";
        node.name = "local-1";
        node.nodeClass = "local";
        node.drain = true;
        node.drainDeadline = QDateTime(QDate(2024, 5, 1), QTime(13, 0), Qt::UTC);
        node.eligibility = NodeEligibility::Ineligible;
        node.address = "127.0.0.1";
        node.resources = {8, 16384};
        node.reserved = {2, 4096};
        node.runningAllocs = 2;
        const QJsonObject json = node.toJson();
        QCOMPARE(json["node_class"].toString(), QStringLiteral("local"));
        QCOMPARE(json["drain_deadline"].toString(), QStringLiteral("2024-05-01T13:00:00.000Z"));
        QCOMPARE(json["eligibility"].toString(), QStringLiteral("ineligible"));
        QCOMPARE(json["status"].toString(), QStringLiteral("ready"));
        QCOMPARE(json["resources"].toObject()["memory_mb"].toInt(), 16384);
        QCOMPARE(json["running_allocs"].toInt(), 2);
        QCOMPARE(Node::fromJson(json), node);
        QVERIFY(Node().toJson()["drain_deadline"].isNull());
        QVERIFY(!Node::fromJson(QJsonObject{{"id", "x"}, {"status", "weird"}}));
    }

    void jobJson()
    {
        Job job;
        job.id = "j-1";
        job.name = "build";
        job.workflow = "main";
        job.workflowRunId = "run-1";
        job.status = JobStatus::Dead;
        job.outcome = JobOutcome::Canceled;
        job.statusDescription = "required job 'a' failed";
        job.requiredJobs = {"a"};
        job.submittedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
        const QJsonObject json = job.toJson();
        for (const char *key : {"id", "name", "workflow", "workflow_run_id", "status", "outcome",
                                "on_hold", "resource_class", "parallelism", "priority", "type",
                                "submitted_at", "started_at", "finished_at", "queue_seconds"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QCOMPARE(json["outcome"].toString(), QStringLiteral("canceled"));
        QCOMPARE(json["type"].toString(), QStringLiteral("batch"));
        QCOMPARE(json["priority"].toInt(), 50);
        QVERIFY(json["queue_seconds"].isNull());
        QCOMPARE(Job::fromJson(json), job);
        Job pending;
        pending.id = "p";
        QVERIFY(pending.toJson()["outcome"].isNull());
    }

    void allocationJson()
    {
        Allocation alloc;
        alloc.id = "a-1";
        alloc.jobId = "j-1";
        alloc.index = 2;
        QVERIFY(alloc.toJson()["node_id"].isNull());
        QVERIFY(alloc.toJson()["exit_code"].isNull());
        alloc.nodeId = "n-1";
        alloc.clientStatus = ClientStatus::Failed;
        alloc.exitCode = 3;
        const QJsonObject json = alloc.toJson();
        QCOMPARE(json["client_status"].toString(), QStringLiteral("failed"));
        QCOMPARE(json["exit_code"].toInt(), 3);
        QCOMPARE(json["index"].toInt(), 2);
        QCOMPARE(Allocation::fromJson(json), alloc);
        QVERIFY(isTerminal(ClientStatus::Lost));
        QVERIFY(!isTerminal(ClientStatus::Running));
    }
};

QTEST_GUILESS_MAIN(TestFleetDomain)
#include "tst_fleetdomain.moc"
