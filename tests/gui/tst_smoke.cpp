// The console as a user sees it, on a real X server (Xvfb) with a real keyring: it starts its
// embedded gantryd, connects, shows every page (a screenshot of each goes into the build folder),
// survives the death of its gantryd, and speaks German and Japanese.
#include "connectionstatus.h"
#include "consolesession.h"
#include "embeddeddaemon.h"
#include "handshake.h"
#include "keychain.h"
#include "mainwindow.h"
#include "navigationmodel.h"
#include "translations.h"

#include <QApplication>
#include <QDir>
#include <QProcess>
#include <QScreen>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <csignal>

using namespace gantry;

class TestSmoke final : public QObject
{
    Q_OBJECT

    QString m_shots;

    void screenshot(MainWindow *window, const QString &name)
    {
        QApplication::processEvents();
        QTest::qWait(150);
        // The X server's own pixels, not a widget rendering.
        const QPixmap shot = window->screen()->grabWindow(0);
        QVERIFY(!shot.isNull());
        QVERIFY(shot.save(QDir(m_shots).filePath(name + ".png")));
    }

    static GantryOptions options(const QString &dataDir)
    {
        GantryOptions o;
        o.dataDir = dataDir;
        o.gantrydPath = QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath("gantryd");
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QGuiApplication::platformName() == "xcb",
                 "needs: an X server (run under xvfb-run)");
        m_shots =
            qEnvironmentVariable("GANTRY_SCREENSHOT_DIR", QDir::currentPath() + "/screenshots");
        QVERIFY(QDir().mkpath(m_shots));
    }

    void connectsAndShowsEveryPage()
    {
        QTemporaryDir tmp;
        ConsoleSession session(options(tmp.filePath("data")));
        session.start();
        MainWindow *window = session.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTRY_VERIFY_WITH_TIMEOUT(session.status()->state() == ConnectionStatus::State::Connected,
                                 20000);
        QVERIFY2(window->statusText().startsWith("Connected to http://127.0.0.1:"),
                 qPrintable(window->statusText()));
        QVERIFY2(window->statusText().endsWith("(embedded)"), qPrintable(window->statusText()));
        // Under the test's own keyring the secrets key lives in the keychain.
        QCOMPARE(session.keySource(), "Secrets key: OS keychain");
        NavigationModel navigation;
        for (const QString &id : navigation.pageIds()) {
            QVERIFY(window->showPage(id));
            screenshot(window, "page-" + QString(id).replace('/', '-'));
        }
        window->showPage("dashboard");

        // Kill its gantryd: the console says so, and brings it back.
        const qint64 pid = session.daemon()->processId();
        QVERIFY(pid > 0);
        ::kill(pid_t(pid), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(window->statusText().startsWith("Disconnected, retrying"), 5000);
        screenshot(window, "disconnected");
        QTRY_VERIFY_WITH_TIMEOUT(session.status()->state() == ConnectionStatus::State::Connected,
                                 20000);
        QVERIFY(session.daemon()->processId() != pid);
        session.shutdown();
    }

    void secondConsoleAttaches()
    {
        QTemporaryDir tmp;
        ConsoleSession first(options(tmp.filePath("data")));
        first.start();
        QTRY_VERIFY_WITH_TIMEOUT(first.status()->state() == ConnectionStatus::State::Connected,
                                 20000);
        ConsoleSession second(options(tmp.filePath("data")));
        second.start();
        QTRY_VERIFY_WITH_TIMEOUT(second.status()->state() == ConnectionStatus::State::Connected,
                                 20000);
        QVERIFY2(second.window()->statusText().endsWith("(attached)"),
                 qPrintable(second.window()->statusText()));
        QCOMPARE(second.daemon()->processId(), 0);
        second.shutdown();
        first.shutdown();
    }

    void remoteModeTakesTheTokenFromTheKeychain()
    {
        // A headless gantryd stands in for the one on the services machine.
        QTemporaryDir tmp;
        QProcess gantryd;
        gantryd.start(QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath("gantryd"),
                      {"--data-dir", tmp.filePath("remote")});
        QVERIFY(gantryd.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(gantryd.canReadLine(), 15000);
        const auto handshake = Handshake::read(tmp.filePath("remote"));
        QVERIFY(handshake);
        QVERIFY(Keychain::write("token:" + handshake->address, handshake->token.toUtf8()).ok());

        GantryOptions o = options({});
        o.connectUrl = handshake->address;
        ConsoleSession session(o);
        session.start(); // no dialog: the keychain has the token
        QTRY_VERIFY_WITH_TIMEOUT(session.status()->state() == ConnectionStatus::State::Connected,
                                 20000);
        QVERIFY2(session.window()->statusText().endsWith("(remote)"),
                 qPrintable(session.window()->statusText()));
        screenshot(session.window(), "remote");
        session.shutdown();
        gantryd.terminate();
        QVERIFY(gantryd.waitForFinished(5000));
    }

    void speaksGermanAndJapanese()
    {
        for (const QString lang : {"de", "ja"}) {
            QVERIFY(Translations::install(*qApp, lang));
            {
                QTemporaryDir tmp;
                ConsoleSession session(options(tmp.filePath("data")));
                session.start();
                QTRY_VERIFY_WITH_TIMEOUT(
                    session.status()->state() == ConnectionStatus::State::Connected, 20000);
                const QString expected = lang == "de" ? "Verbunden mit" : "接続済み";
                QVERIFY2(session.window()->statusText().contains(expected),
                         qPrintable(session.window()->statusText()));
                session.window()->showPage("settings/ldap");
                screenshot(session.window(), "lang-" + lang);
                session.shutdown();
            }
            for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
                QCoreApplication::removeTranslator(t);
                delete t;
            }
        }
    }
};

QTEST_MAIN(TestSmoke)
#include "tst_smoke.moc"
