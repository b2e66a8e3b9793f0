// The embedded-mode launcher with a real gantryd: start, restart after a crash with backoff,
// attach from a second console, and stop.
#include "embeddeddaemon.h"
#include "handshake.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace gantry;

class TestEmbeddedDaemon final : public QObject
{
    Q_OBJECT
    static QString gantryd()
    {
        return QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath("gantryd");
    }

private Q_SLOTS:
    void startsWithKeyOnStdinAndRestartsAfterACrash()
    {
        QTemporaryDir tmp;
        EmbeddedDaemon daemon(gantryd(), tmp.filePath("data"));
        daemon.setSecretsKey(QByteArray(64, 'c'));
        QSignalSpy ready(&daemon, &EmbeddedDaemon::ready);
        QSignalSpy died(&daemon, &EmbeddedDaemon::died);
        daemon.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 15000);
        QCOMPARE(ready.at(0).at(2).toBool(), false); // started, not attached
        const qint64 firstPid = daemon.processId();
        QVERIFY(firstPid > 0);
        QVERIFY(!QFileInfo::exists(tmp.filePath("data/secret.key"))); // key came on stdin

        ::kill(pid_t(firstPid), SIGKILL);
        QTRY_COMPARE_WITH_TIMEOUT(died.count(), 1, 5000);
        QVERIFY(died.at(0).at(0).toString().contains("unexpectedly"));
        QCOMPARE(died.at(0).at(1).toInt(), 1000); // first backoff step
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 15000);
        QVERIFY(daemon.processId() != firstPid);

        daemon.stop();
        QVERIFY(!QFileInfo::exists(Handshake::pathIn(tmp.filePath("data"))));
        QCOMPARE(died.count(), 1); // a requested stop is not a death
    }
    void secondConsoleAttaches()
    {
        QTemporaryDir tmp;
        EmbeddedDaemon first(gantryd(), tmp.filePath("data"));
        QSignalSpy firstReady(&first, &EmbeddedDaemon::ready);
        first.start();
        QTRY_COMPARE_WITH_TIMEOUT(firstReady.count(), 1, 15000);

        EmbeddedDaemon second(gantryd(), tmp.filePath("data"));
        QSignalSpy secondReady(&second, &EmbeddedDaemon::ready);
        second.start();
        QTRY_COMPARE_WITH_TIMEOUT(secondReady.count(), 1, 15000);
        QCOMPARE(secondReady.at(0).at(2).toBool(), true); // attached
        QCOMPARE(secondReady.at(0).at(0).toString(), firstReady.at(0).at(0).toString());
        QCOMPARE(second.processId(), 0); // it started nothing
        second.stop();                   // does not stop the first console's gantryd
        QVERIFY(QFileInfo::exists(Handshake::pathIn(tmp.filePath("data"))));
    }
    // A gantryd that refuses to start (exit 4: storage.database_url names a database it cannot
    // reach) is not restarted forever; with --ignore-database-url it starts.
    void refusalIsReportedOnceAndNotRetried()
    {
        QTemporaryDir tmp;
        EmbeddedDaemon daemon(gantryd(), tmp.filePath("data"));
        QSignalSpy ready(&daemon, &EmbeddedDaemon::ready);
        QSignalSpy died(&daemon, &EmbeddedDaemon::died);
        QSignalSpy refused(&daemon, &EmbeddedDaemon::refused);
        daemon.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 15000);
        QTcpServer closed; // a port nothing listens on
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        QFile draft(tmp.filePath("draft.yaml"));
        QVERIFY(draft.open(QIODevice::WriteOnly));
        draft.write("general:\n  hostname: ci.example.com\nlicense:\n  agreed: true\nstorage:\n"
                    "  database_url: postgresql://gantry:pw@127.0.0.1:" +
                    QByteArray::number(port) + "/audit\n");
        draft.close();
        for (const QStringList &args :
             {QStringList{"settings", "import", draft.fileName()}, {"settings", "apply"}}) {
            QProcess ctl;
            ctl.start(QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath("gantryctl"),
                      QStringList{"--data-dir", tmp.filePath("data")} + args);
            QVERIFY(ctl.waitForFinished(20000));
            QVERIFY2(ctl.exitCode() == 0, ctl.readAllStandardError().constData());
        }
        daemon.stop();
        daemon.start();
        QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 20000);
        QCOMPARE(refused.at(0).at(0).toInt(), 4);
        QVERIFY2(refused.at(0).at(1).toString().contains("storage.database_url"),
                 qPrintable(refused.at(0).at(1).toString()));
        QTest::qWait(2500); // a retry would have come after 1 s
        QCOMPARE(died.count(), 0);
        QCOMPARE(refused.count(), 1);

        daemon.setExtraArguments({"--ignore-database-url"});
        daemon.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 15000);
        daemon.stop();
    }
    void aLongStartIsWaitedForWhileGantrydSaysWhatItDoes()
    {
        // A stand-in that starts for 2 s, saying so every 0.3 s as gantryd does, against a
        // 1 s silence limit: waited for. One that stays silent is killed and restarted.
        QTemporaryDir tmp;
        auto script = [&](const QString &name, const QByteArray &body) {
            QFile f(tmp.filePath(name));
            [&] { QVERIFY(f.open(QIODevice::WriteOnly)); }();
            f.write("#!/bin/sh\n" + body);
            f.close();
            f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
            return f.fileName();
        };
        const QString talking = script(
            "talking", "for i in 1 2 3 4 5 6 7; do\n"
                       "  echo '{\"starting\":\"migrating the audit log\",\"seconds\":'$i'}'\n"
                       "  sleep 0.3\ndone\n"
                       "echo '{\"listening\":\"http://127.0.0.1:9\"}'\nexec sleep 30\n");
        EmbeddedDaemon patient(talking, tmp.filePath("data"));
        patient.setStartupTimeout(1000);
        QSignalSpy ready(&patient, &EmbeddedDaemon::ready);
        QSignalSpy steps(&patient, &EmbeddedDaemon::startingStep);
        QSignalSpy died(&patient, &EmbeddedDaemon::died);
        patient.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        QCOMPARE(died.count(), 0);
        QVERIFY(steps.count() >= 5);
        QCOMPARE(steps.last().at(0).toString(), "migrating the audit log");
        QCOMPARE(steps.last().at(1).toInt(), 7);
        patient.stop();

        const QString silent = script("silent", "exec sleep 30\n");
        EmbeddedDaemon impatient(silent, tmp.filePath("data2"));
        impatient.setStartupTimeout(1000);
        QSignalSpy killed(&impatient, &EmbeddedDaemon::died);
        impatient.start();
        QTRY_COMPARE_WITH_TIMEOUT(killed.count(), 1, 10000);
        QVERIFY2(killed.at(0).at(0).toString().contains("nor say what it was doing, for 1 s"),
                 qPrintable(killed.at(0).at(0).toString()));
        impatient.stop();
    }

    void missingBinaryIsReportedAndRetried()
    {
        QTemporaryDir tmp;
        EmbeddedDaemon daemon(tmp.filePath("no-such-gantryd"), tmp.filePath("data"));
        QSignalSpy died(&daemon, &EmbeddedDaemon::died);
        daemon.start();
        QTRY_COMPARE_WITH_TIMEOUT(died.count(), 1, 2000);
        QVERIFY(died.at(0).at(0).toString().contains("no-such-gantryd"));
        QTRY_COMPARE_WITH_TIMEOUT(died.count(), 2, 4000); // retried after 1 s, then 2 s
        QCOMPARE(died.at(1).at(1).toInt(), 2000);
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedDaemon)
#include "tst_embeddeddaemon.moc"
