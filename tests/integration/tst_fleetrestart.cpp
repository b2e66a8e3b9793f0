// The local fleet across gantryd restarts: retention at start removes old finished jobs from what
// the API serves (not only from the database), and keeps waiting ones.
#include "gantrydprocess.h"
#include "handshake.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
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
};

QTEST_GUILESS_MAIN(TestFleetRestart)
#include "tst_fleetrestart.moc"
