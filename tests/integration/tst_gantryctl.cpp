// gantryctl against a real gantryd: output forms, -json anywhere, and the exit-code contract.
#include "gantrydprocess.h"
#include "handshake.h"

#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

class TestGantryctl final : public QObject
{
    Q_OBJECT

    struct Run
    {
        int code = -1;
        QByteArray out, err;
    };
    static Run ctl(const QStringList &args,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(GantrydProcess::binary("gantryctl"), args);
        p.waitForFinished(20000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    GantrydProcess m_daemon;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_daemon.start()); }

    void healthText()
    {
        const Run r = ctl({"--data-dir", m_daemon.dataDir(), "health"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("ok: gantryd "), r.out.constData());
        QVERIFY(r.out.contains(m_daemon.address().toLatin1()));
    }
    void jsonBeforeOrAfterTheCommand()
    {
        for (const QStringList &args :
             {QStringList{"-json", "health"}, QStringList{"health", "-json"}}) {
            const Run r = ctl(QStringList{"--data-dir", m_daemon.dataDir()} + args);
            QCOMPARE(r.code, 0);
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            QCOMPARE(o["status"].toString(), "ok");
            QVERIFY(o.contains("version"));
        }
    }
    void versionShowsBothSides()
    {
        const Run r = ctl({"--data-dir", m_daemon.dataDir(), "version", "-json"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(!o["version"].toString().isEmpty());
        QCOMPARE(o["server"].toObject()["pid"].toInteger(), m_daemon.process().processId());
    }
    void addressAndTokenFromTheEnvironment()
    {
        const auto h = gantry::Handshake::read(m_daemon.dataDir());
        QVERIFY(h);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("GANTRY_ADDR", h->address);
        env.insert("GANTRY_TOKEN", h->token);
        QCOMPARE(ctl({"version"}, env).code, 0);
        env.insert("GANTRY_TOKEN", "wrong-token");
        const Run bad = ctl({"version"}, env);
        QCOMPARE(bad.code, 1); // the operation failed: 401
        QVERIFY2(bad.err.contains("invalid token"), bad.err.constData());
    }
    void usageErrorsExit2()
    {
        QCOMPARE(ctl({"frobnicate"}).code, 2);
        QCOMPARE(ctl({}).code, 2);
        QCOMPARE(ctl({"health", "extra"}).code, 2);
        const Run r = ctl({"--address", "not-a-url", "--token", "t", "health"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("http(s)://HOST"));
        QCOMPARE(ctl({"--help"}).code, 0);
    }
    void unreachableExits3AndNamesTheAddress()
    {
        QTcpServer probe; // find a port nobody listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString address = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        const Run r = ctl({"--address", address, "--token", "t", "health"});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(address.toLatin1()), r.err.constData());
    }
    void noGantrydOnTheDataDirExits3()
    {
        QTemporaryDir empty;
        const Run r = ctl({"--data-dir", empty.path(), "health"});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains(empty.path().toLatin1()));
    }
};

QTEST_GUILESS_MAIN(TestGantryctl)
#include "tst_gantryctl.moc"
