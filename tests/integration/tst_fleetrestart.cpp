// The local fleet across gantryd restarts: retention at start removes old finished jobs from what
// the API serves (not only from the database), and keeps waiting ones; node ids survive a data dir
// that moves, and a smaller --fleet after a larger one keeps the stored nodes.
#include "gantrydprocess.h"
#include "handshake.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

class TestFleetRestart final : public QObject
{
    Q_OBJECT

    static HttpAnswer api(GantrydProcess &d, const QByteArray &method, const QString &path,
                          const QByteArray &body = {})
    {
        const auto h = gantry::Handshake::read(d.dataDir());
        return GantrydProcess::request(d.address() + path, method,
                                       h ? h->token.toLatin1() : QByteArray(), body);
    }
    static QJsonObject job(GantrydProcess &d, const QString &id)
    {
        return api(d, "GET", "/v1/job/" + id).json();
    }
    static QStringList listedJobs(GantrydProcess &d)
    {
        QStringList ids;
        for (const QJsonValue &v :
             QJsonDocument::fromJson(api(d, "GET", "/v1/jobs?limit=1000").body).array())
            ids << v.toObject()["id"].toString();
        return ids;
    }
    static bool waitFor(const std::function<bool()> &condition, int ms = 20000)
    {
        QDeadlineTimer deadline(ms);
        while (!deadline.hasExpired()) {
            if (condition())
                return true;
            QTest::qWait(100);
        }
        return condition();
    }
    static QString submit(GantrydProcess &d, const QByteArray &yaml, int index = 0)
    {
        return api(d, "POST", "/v1/jobs", yaml).json()["job_ids"].toArray()[index].toString();
    }
    static QJsonArray nodes(GantrydProcess &d)
    {
        return QJsonDocument::fromJson(api(d, "GET", "/v1/nodes").body).array();
    }
    static QStringList nodeFields(GantrydProcess &d, const char *field)
    {
        QStringList values;
        for (const QJsonValue &n : nodes(d))
            values << n.toObject()[field].toString();
        return values;
    }
    // Rows in fleet_nodes, read with gantryd stopped.
    static int storedNodes(const QString &dataDir)
    {
        int rows = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "count");
            db.setDatabaseName(dataDir + "/gantry.db");
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec("SELECT count(*) FROM fleet_nodes") && q.next())
                    rows = q.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase("count");
        return rows;
    }
    static bool stop(GantrydProcess &d)
    {
        d.process().terminate();
        return d.waitExited(10000) && d.process().exitStatus() == QProcess::NormalExit;
    }

    static constexpr char kQuick[] = "version: 2.1\njobs:\n  quick:\n    resource_class: small\n"
                                     "    steps: [{run: echo done}]\nworkflows:\n  w:\n    jobs: "
                                     "[quick]\n";

private Q_SLOTS:
    void retentionAtStartLeavesTheApiToo()
    {
        QTemporaryDir tmp;
        const QString data = tmp.filePath("data");
        const QStringList args{"--fleet", "local:2", "--retention-jobs", "3"};
        QString a, hold, b, aAlloc;
        QStringList quick;
        {
            GantrydProcess d(data);
            QVERIFY(d.start(args));
            const QByteArray gated =
                "version: 2.1\njobs:\n  a:\n    steps: [{run: echo a}]\n  b:\n    steps: [{run: "
                "echo b}]\nworkflows:\n  w:\n    jobs:\n      - a\n      - hold: {type: approval, "
                "requires: [a]}\n      - b: {requires: [hold]}\n";
            const QJsonArray ids = api(d, "POST", "/v1/jobs", gated).json()["job_ids"].toArray();
            a = ids[0].toString(), hold = ids[1].toString(), b = ids[2].toString();
            QVERIFY(waitFor([&] { return job(d, hold)["on_hold"].toBool(); }));
            QCOMPARE(job(d, a)["outcome"].toString(), "success");
            aAlloc = job(d, a)["allocations"].toArray()[0].toObject()["id"].toString();
            QVERIFY(QFileInfo::exists(data + "/allocs/" + aAlloc));
            for (int i = 0; i < 4; ++i) {
                quick << submit(d, kQuick);
                QVERIFY(waitFor([&] { return job(d, quick.last())["outcome"] == "success"; }));
            }
            QCOMPARE(listedJobs(d).size(), 7);
            QVERIFY(stop(d));
        }
        // The newest three are quick 2–4; a and quick 1 are finished and older, so they go; the
        // approval and the job behind it wait, so they stay however old.
        GantrydProcess again(data);
        QVERIFY(again.start(args));
        const QStringList listed = listedJobs(again);
        QCOMPARE(QSet<QString>(listed.begin(), listed.end()),
                 (QSet<QString>{hold, b, quick[1], quick[2], quick[3]}));
        QCOMPARE(api(again, "GET", "/v1/job/" + a).status, 404);
        QCOMPARE(api(again, "GET", "/v1/job/" + quick[0]).status, 404);
        QVERIFY(!QFileInfo::exists(data + "/allocs/" + aAlloc));
        const QJsonObject metrics = api(again, "GET", "/v1/metrics?format=json").json();
        QCOMPARE(metrics["jobs"].toObject()["complete"].toInt(), 3);
        QCOMPARE(api(again, "POST", "/v1/job/" + hold + "/approve").status, 200);
        QVERIFY(waitFor([&] { return job(again, b)["outcome"] == "success"; }));
    }

    void movedDataDirKeepsItsNodes()
    {
        QTemporaryDir tmp;
        QString data = tmp.filePath("a");
        QStringList ids;
        QString done;
        {
            GantrydProcess d(data);
            QVERIFY(d.start({"--fleet", "local:3"}));
            ids = nodeFields(d, "id");
            QCOMPARE(ids.size(), 3);
            // A node added through the API and a drained node: node state that has to survive.
            const HttpAnswer added = api(d, "POST", "/v1/nodes");
            QCOMPARE(added.status, 201);
            ids << added.json()["id"].toString();
            QCOMPARE(nodeFields(d, "id"), ids);
            QCOMPARE(api(d, "POST", "/v1/node/" + ids[1] + "/drain",
                         R"({"enable": true, "deadline_seconds": 0})")
                         .status,
                     200);
            done = submit(d, kQuick);
            QVERIFY(waitFor([&] { return job(d, done)["outcome"] == "success"; }));
            QVERIFY(stop(d));
        }
        QCOMPARE(storedNodes(data), 4);
        // Moved (as a restore from backup elsewhere would), twice.
        for (const char *place : {"b", "c"}) {
            const QString moved = tmp.filePath(place);
            QVERIFY(QDir().rename(data, moved));
            data = moved;
            GantrydProcess d(data);
            QVERIFY(d.start({"--fleet", "local:3"}));
            QCOMPARE(nodeFields(d, "id"), ids);
            QCOMPARE(nodeFields(d, "name"),
                     (QStringList{"local-1", "local-2", "local-3", "local-4"}));
            QVERIFY(api(d, "GET", "/v1/node/" + ids[1]).json()["drain"].toBool());
            QVERIFY(!api(d, "GET", "/v1/node/" + ids[0]).json()["drain"].toBool());
            const QJsonObject history = job(d, done);
            QCOMPARE(history["outcome"].toString(), "success");
            QVERIFY(ids.contains(history["node_ids"].toArray()[0].toString()));
            const QString alloc = history["allocations"].toArray()[0].toObject()["id"].toString();
            QVERIFY(api(d, "GET", "/v1/allocation/" + alloc + "/logs").body.contains("done"));
            QVERIFY(stop(d));
            QCOMPARE(storedNodes(data), 4);
        }
    }

    void fewerNodesAfterMoreKeepsTheStoredOnes()
    {
        QTemporaryDir tmp;
        const QString a = tmp.filePath("a"), data = tmp.filePath("b");
        QStringList ids;
        {
            GantrydProcess d(a);
            QVERIFY(d.start({"--fleet", "local:4"}));
            ids = nodeFields(d, "id");
            QCOMPARE(ids.size(), 4);
            QVERIFY(stop(d));
        }
        QVERIFY(QDir().rename(a, data));
        {
            // As documented (FleetSpec::plan): --fleet local:N guarantees the first N nodes; the
            // stored nodes beyond them stay, as nodes added through the API do, until removed
            // through the API.
            GantrydProcess d(data);
            QVERIFY(d.start({"--fleet", "local:2"}));
            QCOMPARE(nodeFields(d, "id"), ids);
            QCOMPARE(api(d, "POST", "/v1/node/" + ids[3] + "/drain",
                         R"({"enable": true, "deadline_seconds": 0})")
                         .status,
                     200);
            QCOMPARE(api(d, "DELETE", "/v1/node/" + ids[3]).status, 200);
            QCOMPARE(nodeFields(d, "id"), ids.mid(0, 3));
            QVERIFY(stop(d));
        }
        QCOMPARE(storedNodes(data), 3);
        {
            // A removed node beyond N stays removed.
            GantrydProcess d(data);
            QVERIFY(d.start({"--fleet", "local:2"}));
            QCOMPARE(nodeFields(d, "id"), ids.mid(0, 3));
            QVERIFY(stop(d));
        }
        {
            // A larger --fleet fills the positions up again: local-4 with the id it had.
            GantrydProcess d(data);
            QVERIFY(d.start({"--fleet", "local:5"}));
            const QStringList five = nodeFields(d, "id");
            QCOMPARE(five.size(), 5);
            QCOMPARE(five.mid(0, 4), ids);
            QVERIFY(!ids.contains(five[4]));
            QCOMPARE(nodeFields(d, "name").last(), "local-5");
            QVERIFY(stop(d));
        }
        QCOMPARE(storedNodes(data), 5);
    }
};

QTEST_GUILESS_MAIN(TestFleetRestart)
#include "tst_fleetrestart.moc"
