// The local fleet through a real gantryd: a workflow with requires, parallelism and a failing
// slice; approvals; drains with and without deadline; gantryd killed during a running job; the
// nomad-style gantryctl verbs; bad input.
#include "gantrydprocess.h"
#include "handshake.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <csignal>

class TestFleet final : public QObject
{
    Q_OBJECT
    QByteArray m_token;

    HttpAnswer api(GantrydProcess &d, const QByteArray &method, const QString &path,
                   const QByteArray &body = {})
    {
        const auto h = gantry::Handshake::read(d.dataDir());
        return GantrydProcess::request(d.address() + path, method,
                                       h ? h->token.toLatin1() : QByteArray(), body);
    }
    QJsonObject job(GantrydProcess &d, const QString &id)
    {
        return api(d, "GET", "/v1/job/" + id).json();
    }
    bool waitFor(const std::function<bool()> &condition, int ms = 20000)
    {
        QDeadlineTimer deadline(ms);
        while (!deadline.hasExpired()) {
            if (condition())
                return true;
            QTest::qWait(100);
        }
        return condition();
    }
    struct Run
    {
        int code = -1;
        QByteArray out, err;
    };
    static Run ctl(const QString &dataDir, const QStringList &args)
    {
        QProcess p;
        p.start(GantrydProcess::binary("gantryctl"), QStringList{"--data-dir", dataDir} + args);
        p.waitForFinished(20000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    static constexpr char kWorkflow[] =
        "version: 2.1\n"
        "jobs:\n"
        "  build:\n"
        "    docker: [{image: cimg/base:stable}]\n"
        "    resource_class: small\n"
        "    steps:\n"
        "      - run: echo built > artifact.txt && echo build-done\n"
        "  test:\n"
        "    resource_class: small\n"
        "    parallelism: 3\n"
        "    steps:\n"
        "      - run:\n"
        "          name: slice\n"
        "          command: echo \"slice $CIRCLE_NODE_INDEX of $CIRCLE_NODE_TOTAL\"; if [ "
        "$CIRCLE_NODE_INDEX = 2 ]; then echo boom >&2; exit 3; fi\n"
        "  deploy:\n"
        "    steps:\n"
        "      - run: echo never\n"
        "workflows:\n"
        "  main:\n"
        "    jobs:\n"
        "      - build\n"
        "      - test: {requires: [build]}\n"
        "      - deploy: {requires: [test]}\n";

private Q_SLOTS:
    void workflowOutcomesAndLogs()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:2"}));
        const HttpAnswer submitted = api(d, "POST", "/v1/jobs", kWorkflow);
        QCOMPARE(submitted.status, 201);
        const QJsonArray ids = submitted.json()["job_ids"].toArray();
        QCOMPARE(ids.size(), 3);
        const QString build = ids[0].toString(), test = ids[1].toString(),
                      deploy = ids[2].toString();
        QVERIFY(waitFor([&] { return job(d, deploy)["status"] == "dead"; }));
        QCOMPARE(job(d, build)["outcome"].toString(), "success");
        const QJsonObject t = job(d, test);
        QCOMPARE(t["outcome"].toString(), "failed");
        QCOMPARE(t["allocations"].toArray().size(), 3);
        const QJsonObject dep = job(d, deploy);
        QCOMPARE(dep["outcome"].toString(), "canceled");
        QVERIFY2(dep["status_description"].toString().contains("test"),
                 qPrintable(dep["status_description"].toString()));
        for (const QJsonValue &a : t["allocations"].toArray()) {
            const QJsonObject alloc = a.toObject();
            const int index = alloc["index"].toInt();
            const QString id = alloc["id"].toString();
            const HttpAnswer out = api(d, "GET", "/v1/allocation/" + id + "/logs?type=stdout");
            QVERIFY2(out.body.contains(QString("slice %1 of 3").arg(index).toUtf8()),
                     out.body.constData());
            if (index == 2) {
                QCOMPARE(alloc["client_status"].toString(), "failed");
                QCOMPARE(alloc["exit_code"].toInt(), 3);
                QVERIFY(api(d, "GET", "/v1/allocation/" + id + "/logs?type=stderr")
                            .body.contains("boom"));
            } else {
                QCOMPARE(alloc["client_status"].toString(), "complete");
            }
        }
        // Metrics follow.
        const QJsonObject metrics = api(d, "GET", "/v1/metrics?format=json").json();
        QCOMPARE(metrics["jobs"].toObject()["complete"].toInt(), 1);
        QCOMPARE(metrics["jobs"].toObject()["dead"].toInt(), 2);
        const QByteArray prom = api(d, "GET", "/v1/metrics").body;
        QVERIFY(prom.contains("circle_nomad_server_agent_jobs_complete 1\n"));
        QVERIFY(prom.contains("circle_nomad_server_agent_poll_failure 0\n"));
    }

    void approvalHoldsUntilApproved()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        const QByteArray yaml = "version: 2.1\njobs:\n  a:\n    steps: [{run: echo a}]\n  b:\n    "
                                "steps: [{run: echo b}]\n"
                                "workflows:\n  w:\n    jobs:\n      - a\n      - hold: {type: "
                                "approval, requires: [a]}\n      - b: {requires: [hold]}\n";
        const QJsonArray ids = api(d, "POST", "/v1/jobs", yaml).json()["job_ids"].toArray();
        const QString hold = ids[1].toString(), b = ids[2].toString();
        QVERIFY(waitFor([&] { return job(d, hold)["on_hold"].toBool(); }));
        QTest::qWait(500);
        QCOMPARE(job(d, b)["status"].toString(), "pending");
        QCOMPARE(api(d, "POST", "/v1/job/" + hold + "/approve").status, 200);
        QVERIFY(waitFor([&] { return job(d, b)["outcome"] == "success"; }));
    }

    void drainWithAndWithoutDeadline()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        const QString node = QJsonDocument::fromJson(api(d, "GET", "/v1/nodes").body)
                                 .array()[0]
                                 .toObject()["id"]
                                 .toString();
        const QByteArray longJob = "version: 2.1\njobs:\n  long:\n    steps: [{run: sleep "
                                   "30}]\nworkflows:\n  w:\n    jobs: [long]\n";
        const QString first =
            api(d, "POST", "/v1/jobs", longJob).json()["job_ids"].toArray()[0].toString();
        QVERIFY(waitFor([&] { return job(d, first)["status"] == "running"; }));
        // No deadline: the running allocation goes on, nothing new is placed.
        HttpAnswer drained = api(d, "POST", "/v1/node/" + node + "/drain",
                                 R"({"enable": true, "deadline_seconds": 0})");
        QCOMPARE(drained.status, 200);
        QVERIFY(drained.json()["drain"].toBool());
        const QString second =
            api(d, "POST", "/v1/jobs", longJob).json()["job_ids"].toArray()[0].toString();
        QTest::qWait(700);
        QCOMPARE(job(d, first)["status"].toString(), "running");
        QCOMPARE(job(d, second)["status"].toString(), "pending");
        // A 1 s deadline stops the running one, as lost.
        QCOMPARE(api(d, "POST", "/v1/node/" + node + "/drain",
                     R"({"enable": true, "deadline_seconds": 1})")
                     .status,
                 200);
        QVERIFY(waitFor([&] { return job(d, first)["status"] == "dead"; }, 10000));
        QCOMPARE(job(d, first)["allocations"].toArray()[0].toObject()["client_status"].toString(),
                 "lost");
        // Undrain: the waiting job runs.
        QCOMPARE(api(d, "POST", "/v1/node/" + node + "/drain", R"({"enable": false})").status, 200);
        QVERIFY(waitFor([&] { return job(d, second)["status"] == "running"; }));
        QCOMPARE(api(d, "POST", "/v1/job/" + second + "/cancel").status, 200);
        QVERIFY(waitFor([&] { return job(d, second)["outcome"] == "canceled"; }));
        // The audit log names the node, so an admin finds its drains by "local-1".
        const QJsonArray drains =
            api(d, "GET", "/v1/audit?action=node.drain.*&target=local-1").json()["events"].toArray();
        QCOMPARE(drains.size(), 3);
        for (const QJsonValue &e : drains) {
            const QJsonObject target = e.toObject()["target"].toObject();
            QCOMPARE(target["id"].toString(), node);
            QCOMPARE(target["name"].toString(), "local-1");
        }
    }

    void killedDuringARunningJobComesBackLost()
    {
        QTemporaryDir tmp;
        const QString data = tmp.filePath("data");
        QString finished, running;
        qint64 stepPid = 0;
        {
            GantrydProcess d(data);
            QVERIFY(d.start({"--fleet", "local:1"}));
            const QByteArray quick = "version: 2.1\njobs:\n  quick:\n    steps: [{run: echo "
                                     "done}]\nworkflows:\n  w:\n    jobs: [quick]\n";
            finished = api(d, "POST", "/v1/jobs", quick).json()["job_ids"].toArray()[0].toString();
            QVERIFY(waitFor([&] { return job(d, finished)["outcome"] == "success"; }));
            const QByteArray slow = "version: 2.1\njobs:\n  slow:\n    steps: [{run: echo $$ > "
                                    "pid; sleep 60}]\nworkflows:\n  w:\n    jobs: [slow]\n";
            running = api(d, "POST", "/v1/jobs", slow).json()["job_ids"].toArray()[0].toString();
            QVERIFY(waitFor([&] { return job(d, running)["status"] == "running"; }));
            const QString alloc =
                job(d, running)["allocations"].toArray()[0].toObject()["id"].toString();
            QVERIFY(
                waitFor([&] { return QFile::exists(data + "/allocs/" + alloc + "/project/pid"); }));
            QFile pidFile(data + "/allocs/" + alloc + "/project/pid");
            QVERIFY(pidFile.open(QIODevice::ReadOnly));
            stepPid = pidFile.readAll().trimmed().toLongLong();
            QVERIFY(stepPid > 0);
            d.process().kill(); // SIGKILL: no chance to clean up
            QVERIFY(d.waitExited());
        }
        // The step's process group dies with gantryd.
        QVERIFY(waitFor([&] { return ::kill(pid_t(stepPid), 0) != 0; }, 10000));
        GantrydProcess again(data);
        QVERIFY(again.start({"--fleet", "local:1"}));
        const QJsonObject lost = job(again, running);
        QCOMPARE(lost["status"].toString(), "dead");
        QCOMPARE(lost["outcome"].toString(), "lost");
        QCOMPARE(lost["allocations"].toArray()[0].toObject()["client_status"].toString(), "lost");
        QCOMPARE(job(again, finished)["outcome"].toString(), "success"); // history intact
        QVERIFY(
            api(again, "GET",
                "/v1/allocation/" +
                    job(again, finished)["allocations"].toArray()[0].toObject()["id"].toString() +
                    "/logs")
                .body.contains("done"));
    }

    void gantryctlVerbs()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:2"}));
        QTemporaryDir tmp;
        QFile file(tmp.filePath("config.yml"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kWorkflow);
        file.close();
        const Run submitted = ctl(d.dataDir(), {"job", "run", file.fileName(), "-json"});
        QVERIFY2(submitted.code == 0, submitted.err.constData());
        const QString deploy =
            QJsonDocument::fromJson(submitted.out).object()["job_ids"].toArray()[2].toString();
        QVERIFY(waitFor([&] { return job(d, deploy)["status"] == "dead"; }));
        const Run status = ctl(d.dataDir(), {"status", "-json"});
        QCOMPARE(QJsonDocument::fromJson(status.out).array().size(), 3);
        const Run nodes = ctl(d.dataDir(), {"node", "status"});
        QVERIFY(nodes.out.startsWith("ID"));
        QVERIFY(nodes.out.contains("Running Allocs"));
        const Run nodesJson = ctl(d.dataDir(), {"-json", "node", "status"});
        const QJsonArray list = QJsonDocument::fromJson(nodesJson.out).array();
        QCOMPARE(list.size(), 2);
        QVERIFY(list[0].toObject().contains("eligibility"));
        const QString name = list[0].toObject()["name"].toString();
        QCOMPARE(
            ctl(d.dataDir(), {"node", "drain", "-enable", "-deadline", "1h", "-yes", name}).code,
            0);
        QVERIFY(
            ctl(d.dataDir(), {"node", "status", name, "-json"}).out.contains("\"drain\": true"));
        QCOMPARE(ctl(d.dataDir(), {"node", "drain", "-enable", "-deadline", "soon", name}).code, 2);
        QCOMPARE(ctl(d.dataDir(), {"node", "drain", name}).code, 2);
        QCOMPARE(ctl(d.dataDir(), {"node", "eligibility", "-disable", "no-such-node"}).code, 1);
        const Run logs = ctl(d.dataDir(), {"logs", "-stderr",
                                           job(d, QJsonDocument::fromJson(submitted.out)
                                                      .object()["job_ids"]
                                                      .toArray()[1]
                                                      .toString())["allocations"]
                                               .toArray()[2]
                                               .toObject()["id"]
                                               .toString()});
        QVERIFY2(logs.out.contains("boom"), logs.out.constData());
        QCOMPARE(ctl(d.dataDir(), {"job", "run", tmp.filePath("missing.yml")}).code, 2);
    }

    void badInput()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        HttpAnswer r =
            api(d, "POST", "/v1/jobs",
                "version: 2.1\njobs:\n  a:\n    resource_class: huge\n    steps: [{run: x}]\n");
        QCOMPARE(r.status, 400);
        QVERIFY(r.json()["error"].toObject()["message"].toString().contains("line 4"));
        r = api(d, "POST", "/v1/jobs",
                "version: 2.1\njobs:\n  a:\n    steps: [{run: x}]\nworkflows:\n  w:\n    jobs:\n   "
                "   - a: {requires: [ghost]}\n");
        QCOMPARE(r.status, 400);
        QVERIFY(r.json()["error"].toObject()["message"].toString().contains("ghost"));
        r = api(d, "POST", "/v1/jobs",
                "version: 2.1\njobs:\n  a:\n    resource_class: xlarge\n    steps: [{run: x}]\n");
        QCOMPARE(r.status, 400); // xlarge (8 CPUs) never fits a node with 6 allocatable CPUs
        QCOMPARE(api(d, "POST", "/v1/node/nope/drain", R"({"enable": true})").status, 404);
        QCOMPARE(api(d, "POST", "/v1/node/x/drain", R"({"enable": "yes"})").status, 400);
        QCOMPARE(api(d, "GET", "/v1/jobs?status=sleeping").status, 400);
        QCOMPARE(api(d, "GET", "/v1/jobs?limit=0").status, 400);
        QCOMPARE(api(d, "GET", "/v1/allocation/nope/logs").status, 404);
        QCOMPARE(api(d, "GET", "/v1/job/nope").status, 404);
        QCOMPARE(api(d, "POST", "/v1/jobs", QByteArray(2 * 1024 * 1024, 'x')).status, 413);
        GantrydProcess bad;
        QVERIFY(!bad.start({"--fleet", "remote:3"}));
        QVERIFY(bad.waitExited());
        QCOMPARE(bad.process().exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestFleet)
#include "tst_fleet.moc"
