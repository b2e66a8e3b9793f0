// The console as a user sees it, on a real X server (Xvfb) with a real keyring: it starts its
// embedded gantryd, connects, shows every page (a screenshot of each goes into the build folder),
// survives the death of its gantryd, and speaks German and Japanese. With a gantryd running the
// sample load, the fleet pages are shot live: fleet-dashboard, fleet-nodes, fleet-drain,
// fleet-jobs and fleet-log. With imported audit events: audit-browser and audit-export. With two
// applied settings versions: settings-<group> for every group, settings-ldap-invalid (a port out
// of range, marked inline) and settings-history (the diff of the two versions).
#include "auditdetailpane.h"
#include "auditexport.h"
#include "auditexportdialog.h"
#include "auditfixtures.h"
#include "auditlogpage.h"
#include "audittablemodel.h"
#include "connectionstatus.h"
#include "consoleaccess.h"
#include "consolesession.h"
#include "dashboardchartview.h"
#include "dashboardmodel.h"
#include "dashboardpage.h"
#include "draindialog.h"
#include "embeddeddaemon.h"
#include "fleetfeed.h"
#include "handshake.h"
#include "jobdetailspane.h"
#include "jobsmodel.h"
#include "jobspage.h"
#include "keychain.h"
#include "livetableview.h"
#include "logindialog.h"
#include "logviewer.h"
#include "mainwindow.h"
#include "navigationmodel.h"
#include "nodesmodel.h"
#include "nodespage.h"
#include "schemaformpage.h"
#include "settingsfield.h"
#include "settingshistorypage.h"
#include "settingspages.h"
#include "settingsviewmodel.h"
#include "slapdserver.h"
#include "translations.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QProcess>
#include <QScreen>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <QTreeView>
#include <QTreeWidget>

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

    void fleetPagesShowLiveData()
    {
        // A gantryd with the sample load; the console attaches to it through gantryd.json.
        QTemporaryDir tmp;
        QProcess gantryd;
        gantryd.start(QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath("gantryd"),
                      {"--data-dir", tmp.filePath("data"), "--fleet", "local:4", "--sample-load"});
        QVERIFY(gantryd.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(gantryd.canReadLine(), 15000);
        ConsoleSession session(options(tmp.filePath("data")));
        session.start();
        MainWindow *window = session.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTRY_COMPARE_WITH_TIMEOUT(session.feed()->state(), FleetFeed::State::Live, 20000);
        QCOMPARE(session.feed()->nodes()->rowCount(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(session.feed()->jobs()->allJobs().size() >= 3, 20000);

        // Let the charts gather a few samples (one per 5 s) of a live fleet.
        window->showPage("dashboard");
        auto *dashboard = qobject_cast<DashboardPage *>(window->page("dashboard"));
        QVERIFY(dashboard);
        QTest::qWait(21000);
        QVERIFY2(dashboard->tileText("ready") != "–", qPrintable(dashboard->tileText("ready")));
        QVERIFY(!dashboard->diagnosisText().isEmpty());
        // The charts start with the fleet's recent past (from the jobs' own times), not empty,
        // and the queue-time chart has points once jobs started.
        auto *charts = dashboard->findChild<DashboardChartView *>();
        QVERIFY(charts);
        QVERIFY2(charts->pendingPointCount() >= DashboardModel::kPoints,
                 qPrintable(QString::number(charts->pendingPointCount())));
        QVERIFY(charts->queuePointCount() > 0);
        screenshot(window, "fleet-dashboard");

        window->showPage("nodes");
        auto *nodes = qobject_cast<NodesPage *>(window->page("nodes"));
        QVERIFY(nodes);
        nodes->selectNodes({session.feed()->nodes()->record(0)["id"].toString(),
                            session.feed()->nodes()->record(1)["id"].toString()});
        screenshot(window, "fleet-nodes");
        QList<QJsonObject> selected{session.feed()->nodes()->record(0),
                                    session.feed()->nodes()->record(1)};
        {
            DrainDialog dialog(selected, window);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            screenshot(window, "fleet-drain");
        }

        window->showPage("jobs");
        auto *jobs = qobject_cast<JobsPage *>(window->page("jobs"));
        QVERIFY(jobs);
        // The job with the most output so far: one that ran (or runs) and wrote its log.
        QString jobId;
        for (const QJsonObject &job : session.feed()->jobs()->allJobs()) {
            const QString started = job["started_at"].toString(); // a canceled job never started
            if (!started.isEmpty() &&
                (jobId.isEmpty() ||
                 started < session.feed()->jobs()->job(jobId)["started_at"].toString()))
                jobId = job["id"].toString();
        }
        QVERIFY2(!jobId.isEmpty(), "no job of the sample load has started");
        jobs->selectJobs({jobId});
        QTRY_VERIFY_WITH_TIMEOUT(jobs->details()->allocations()->topLevelItemCount() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!jobs->details()->logViewer()->text().isEmpty(), 10000);
        screenshot(window, "fleet-jobs");
        jobs->details()->logViewer()->searchBox()->setText("unit");
        QTest::qWait(300);
        screenshot(window, "fleet-log");

        session.shutdown();
        gantryd.terminate();
        QVERIFY(gantryd.waitForFinished(10000));
    }

    void auditBrowserAndExport()
    {
        QTemporaryDir tmp;
        QProcess gantryd;
        gantryd.start(QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath("gantryd"),
                      {"--data-dir", tmp.filePath("data")});
        QVERIFY(gantryd.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(gantryd.canReadLine(), 15000);
        const auto handshake = Handshake::read(tmp.filePath("data"));
        QVERIFY(handshake);
        ControlPlaneClient client;
        client.setAddress(QUrl(handshake->address));
        client.setToken(handshake->token.toUtf8());
        client.setTimeout(60000);
        const ApiResult imported = audittest::call(
            client, "POST", "/v1/audit/import",
            audittest::fixtureCsv(3000, QDateTime::currentDateTimeUtc().addDays(-1), 20000));
        QVERIFY2(imported.ok(), qPrintable(imported.describeError()));

        ConsoleSession session(options(tmp.filePath("data")));
        session.start();
        MainWindow *window = session.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTRY_VERIFY_WITH_TIMEOUT(session.status()->state() == ConnectionStatus::State::Connected,
                                 20000);
        QVERIFY(window->showPage("audit"));
        auto *page = qobject_cast<AuditLogPage *>(window->page("audit"));
        QVERIFY(page);
        AuditTableModel *model = session.audit();
        QTRY_VERIFY_WITH_TIMEOUT(
            model->state() == AuditTableModel::State::Ready && model->rowCount() > 100, 20000);
        page->selectRow(3);
        QTRY_VERIFY(!page->details()->event().isEmpty());
        QVERIFY2(page->countText().contains("events"), qPrintable(page->countText()));
        screenshot(window, "audit-browser");

        const QString file = tmp.filePath("audit.csv");
        page->setAskFileName([&] { return file; });
        AuditExportDialog *dialog = page->exportCsv();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().startsWith("Done: "), 30000);
        QVERIFY(QFile::exists(file));
        screenshot(window, "audit-export");
        dialog->close();
        session.shutdown();
        gantryd.terminate();
        QVERIFY(gantryd.waitForFinished(10000));
    }

    void settingsPagesAsAnAdminSeesThem()
    {
        QTemporaryDir tmp;
        QProcess gantryd;
        const QDir bin(qEnvironmentVariable("GANTRY_BIN_DIR"));
        gantryd.start(bin.filePath("gantryd"), {"--data-dir", tmp.filePath("data")});
        QVERIFY(gantryd.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(gantryd.canReadLine(), 15000);
        // Two versions, the second with an AWS VM provider and Datadog (secrets set).
        const QByteArray base = "general:\n  hostname: ci.example.com\nlicense:\n  agreed: true\n";
        const QByteArray aws = base +
                               "vm_provider:\n  provider: aws_ec2\n  aws_region: us-east-1\n"
                               "  ec2_subnet_id: subnet-0a1b2c3d\n  ec2_security_group_id: "
                               "sg-0a1b2c3d\n  instance_type: m5.large\n  auth: iam_user\n"
                               "  access_key_id: AKIAIOSFODNN7EXAMPLE\n  secret_access_key: "
                               "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12\nmetrics:\n  datadog:\n"
                               "    enabled: true\n    api_key: 0123456789abcdef0123456789abcdef\n"
                               "  global_tags:\n    team: platform\n";
        for (const QByteArray &doc : {base, aws}) {
            QFile file(tmp.filePath("settings.yaml"));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(doc);
            file.close();
            for (const QStringList &args :
                 {QStringList{"settings", "import", file.fileName()}, {"settings", "apply"}}) {
                QProcess ctl;
                ctl.start(bin.filePath("gantryctl"),
                          QStringList{"--data-dir", tmp.filePath("data")} + args);
                QVERIFY(ctl.waitForFinished(20000));
                QVERIFY2(ctl.exitCode() == 0, ctl.readAllStandardError().constData());
            }
        }

        ConsoleSession session(options(tmp.filePath("data")));
        session.start();
        MainWindow *window = session.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        SettingsViewModel *model = session.settings()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded() && model->version() == 2, 20000);
        NavigationModel navigation;
        for (const QString &id : navigation.pageIds()) {
            if (!id.startsWith("settings/"))
                continue;
            QVERIFY(window->showPage(id));
            screenshot(window, "settings-" + id.mid(int(qstrlen("settings/"))));
        }
        // The VM provider page shows the AWS fields of the applied version.
        SchemaFormPage *vm = session.settings()->formPage("vm_provider");
        QVERIFY(vm && vm->isFieldVisible("vm_provider.secret_access_key"));

        // An LDAP port out of range is marked next to its field as the admin types.
        QVERIFY(window->showPage("settings/ldap"));
        model->setValue("ldap.enabled", true);
        {
            SchemaFormPage *ldap = session.settings()->formPage("ldap");
            QVERIFY(ldap);
            QTRY_VERIFY(ldap->isFieldVisible("ldap.port"));
            auto *port = qobject_cast<QSpinBox *>(ldap->field("ldap.port")->editor());
            QVERIFY(port);
            port->setFocus();
            port->selectAll();
            QTest::keyClicks(port, "70000");
        }
        QCOMPARE(model->value("ldap.port").toInt(), 70000);
        QTRY_VERIFY_WITH_TIMEOUT(!model->errors("ldap.port").isEmpty(), 5000);
        screenshot(window, "settings-ldap-invalid");
        for (const char *path : {"ldap.enabled", "ldap.port"})
            model->setValue(path, model->savedValue(path));
        QTRY_VERIFY(!model->isDirty());

        QVERIFY(window->showPage("settings"));
        auto *history = qobject_cast<SettingsHistoryPage *>(window->page("settings"));
        QVERIFY(history);
        QTRY_COMPARE_WITH_TIMEOUT(history->versions()->model()->rowCount(), 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(history->diff()->topLevelItemCount() > 0, 10000);
        screenshot(window, "settings-history");
        session.shutdown();
        gantryd.terminate();
        QVERIFY(gantryd.waitForFinished(10000));
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

    // A remote gantryd with LDAP on and no token in the keychain: the console asks for an LDAP
    // sign-in, says what went wrong with a bad password, and with a good one is connected as
    // that user (the first to sign in is admin), its session kept in the keychain.
    void remoteSignInThroughLdap()
    {
        if (!gantry::testing::SlapdServer::missing().isEmpty())
            QSKIP(qPrintable("needs: " + gantry::testing::SlapdServer::missing()));
        gantry::testing::SlapdServer slapd;
        QString why;
        QVERIFY2(slapd.start(&why), qPrintable(why));
        QTemporaryDir tmp;
        QProcess gantryd;
        gantryd.start(QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath("gantryd"),
                      {"--data-dir", tmp.filePath("remote")});
        QVERIFY(gantryd.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(gantryd.canReadLine(), 15000);
        const auto handshake = Handshake::read(tmp.filePath("remote"));
        QVERIFY(handshake);
        {
            ControlPlaneClient admin;
            admin.setAddress(QUrl(handshake->address));
            admin.setToken(handshake->token.toUtf8());
            QJsonObject ldap = slapd.settings("starttls").value("ldap").toObject();
            ldap.insert("enabled", true);
            const QJsonObject doc{{"general", QJsonObject{{"hostname", "ci.example.com"}}},
                                  {"license", QJsonObject{{"agreed", true}}},
                                  {"ldap", ldap},
                                  {"tls", slapd.settings("starttls").value("tls")}};
            const ApiResult staged =
                audittest::call(admin, "PUT", "/v1/settings", QJsonDocument(doc).toJson());
            QVERIFY2(staged.ok(), qPrintable(staged.describeError()));
            const ApiResult applied = audittest::call(admin, "POST", "/v1/settings/apply", {});
            QVERIFY2(applied.ok(), qPrintable(applied.describeError()));
        }
        Keychain::remove("token:" + handshake->address);

        GantryOptions o = options({});
        o.connectUrl = handshake->address;
        ConsoleSession session(o);
        int attempts = 0;
        QTimer answer;
        connect(&answer, &QTimer::timeout, this, [&] {
            auto *dialog = qobject_cast<LoginDialog *>(QApplication::activeModalWidget());
            if (!dialog || !dialog->username()->isEnabled() || !dialog->password()->isEnabled())
                return;
            if (attempts == 1 && dialog->errorText().isEmpty())
                return; // the first answer is still on its way
            if (attempts == 1)
                screenshot(session.window(), "remote-login-failed");
            if (attempts >= 2)
                return;
            dialog->username()->setText("alice");
            dialog->password()->setText(attempts == 0 ? "wrong" : "alice-pw");
            if (attempts == 0)
                screenshot(session.window(), "remote-login");
            ++attempts;
            QTest::keyClick(dialog->password(), Qt::Key_Return);
        });
        answer.start(100);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(session.status()->state() == ConnectionStatus::State::Connected,
                                 20000);
        answer.stop();
        QCOMPARE(attempts, 2);
        QCOMPARE(session.settings()->access()->name(), "alice");
        QCOMPARE(session.settings()->access()->role(), "admin");
        const KeychainResult kept = Keychain::read("token:" + handshake->address);
        QVERIFY(kept.ok());
        QCOMPARE(kept.data, session.settings()->access()->sessionToken());
        session.shutdown();
        gantryd.terminate();
        QVERIFY(gantryd.waitForFinished(5000));
    }

    void englishHasPluralForms()
    {
        QVERIFY(Translations::install(*qApp, "en"));
        const auto problems = [](int n) {
            return QCoreApplication::translate("gantry::SchemaFormPage", "%n problem(s)", nullptr,
                                               n);
        };
        QCOMPARE(problems(1), "1 problem");
        QCOMPARE(problems(2), "2 problems");
        QCOMPARE(QCoreApplication::translate("gantry::QueueDiagnosis",
                                             "%n job(s) wait for approval.", nullptr, 1),
                 "1 job waits for approval.");
        // Pronouns that refer to the counted noun agree with it too.
        QCOMPARE(QCoreApplication::translate("gantry::QueueDiagnosis",
                                             "%n job(s) wait for the jobs they require to finish.",
                                             nullptr, 1),
                 "1 job waits for the jobs it requires to finish.");
        for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
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
                // The schema's labels and help are translated too (resources/schemastrings).
                QVERIFY(QCoreApplication::translate("SettingsSchema", "LDAP authentication") !=
                        "LDAP authentication");
                QVERIFY(QCoreApplication::translate(
                            "SettingsSchema", "Unique identifier of a user, e.g. uid, mail or "
                                              "sAMAccountName.") !=
                        "Unique identifier of a user, e.g. uid, mail or sAMAccountName.");
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
