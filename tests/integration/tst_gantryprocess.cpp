// The real gantry executable (offscreen): its gantryd child never outlives it (PR_SET_PDEATHSIG),
// SIGTERM means Quit and stops the child, and without a display it says how to get one.
#include "handshake.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestGantryProcess final : public QObject
{
    Q_OBJECT

    static QString bin(const QString &name)
    {
        return QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath(name);
    }
    static bool alive(qint64 pid)
    {
        return QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)) &&
               ::kill(pid_t(pid), 0) == 0 && !isZombie(pid);
    }
    static bool isZombie(qint64 pid)
    {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        return stat.open(QIODevice::ReadOnly) && stat.readAll().contains(") Z ");
    }

    // Starts gantry on a fresh data dir and returns the pid of the gantryd it started.
    qint64 startGantry(QProcess &gantry, QTemporaryDir &tmp)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("XDG_CONFIG_HOME", tmp.filePath("config"));
        env.insert("DBUS_SESSION_BUS_ADDRESS",
                   "unix:path=" + tmp.filePath("no-bus")); // no keychain: fall back fast
        gantry.setProcessEnvironment(env);
        gantry.start(bin("gantry"), {"--data-dir", tmp.filePath("data")});
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired()) {
            if (const auto h = gantry::Handshake::read(tmp.filePath("data")))
                return h->pid;
            QTest::qWait(100);
        }
        return 0;
    }

private Q_SLOTS:
    void gantrydDiesWithGantry()
    {
        QTemporaryDir tmp;
        QProcess gantry;
        const qint64 daemonPid = startGantry(gantry, tmp);
        QVERIFY(daemonPid > 0);
        QVERIFY(alive(daemonPid));
        gantry.kill(); // SIGKILL: gantry gets no chance to stop its child
        QVERIFY(gantry.waitForFinished(5000));
        QDeadlineTimer deadline(10000);
        while (alive(daemonPid) && !deadline.hasExpired())
            QTest::qWait(100);
        QVERIFY2(!alive(daemonPid), "gantryd outlived gantry");
    }
    void sigtermQuitsAndStopsGantryd()
    {
        QTemporaryDir tmp;
        QProcess gantry;
        const qint64 daemonPid = startGantry(gantry, tmp);
        QVERIFY(daemonPid > 0);
        gantry.terminate();
        QVERIFY(gantry.waitForFinished(10000));
        QCOMPARE(gantry.exitStatus(), QProcess::NormalExit);
        QCOMPARE(gantry.exitCode(), 0);
        QVERIFY(!alive(daemonPid));
        QVERIFY(!QFileInfo::exists(gantry::Handshake::pathIn(tmp.filePath("data"))));
    }
    void withoutADisplayItSaysHowToGetOne()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.remove("QT_QPA_PLATFORM");
        QProcess gantry;
        gantry.setProcessEnvironment(env);
        gantry.start(bin("gantry"), {"--data-dir", QDir::tempPath() + "/unused"});
        QVERIFY(gantry.waitForFinished(10000));
        QCOMPARE(gantry.exitStatus(), QProcess::NormalExit);
        QCOMPARE(gantry.exitCode(), 1);
        QVERIFY(gantry.readAllStandardError().contains("xvfb-run"));
    }
};

QTEST_GUILESS_MAIN(TestGantryProcess)
#include "tst_gantryprocess.moc"
