// The settings pages' test buttons and console login against a real gantryd and a real slapd:
// Test LDAP with the unsaved values (pass, fail, cancel), self-signed certificate, LDAP login
// (first user admin, later users viewers), the login dialog and the Users page.
#include "checkrundialog.h"
#include "consoleaccess.h"
#include "controlplaneclient.h"
#include "fleetdaemon.h"
#include "httptargetserver.h"
#include "logindialog.h"
#include "schemaformpage.h"
#include "settingsfield.h"
#include "settingspages.h"
#include "settingsviewmodel.h"
#include "slapdserver.h"
#include "testpki.h"
#include "tinyproxyserver.h"
#include "tlslistener.h"
#include "usersmodel.h"
#include "userspage.h"

#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace gantry;
using gantry::testing::HttpTargetServer;
using gantry::testing::SlapdServer;
using gantry::testing::TestChain;
using gantry::testing::TestPki;
using gantry::testing::TinyproxyServer;
using gantry::testing::TlsListener;

class TestSettingsChecks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SlapdServer::missing(); !missing.isEmpty())
            QSKIP(qPrintable(QStringLiteral("needs: slapd (Debian package slapd): ") + missing));
        m_slapd = std::make_unique<SlapdServer>();
        QString error;
        QVERIFY2(m_slapd->start(&error), qPrintable(error));
        error = m_daemon.start();
        if (!error.isEmpty())
            QSKIP(qPrintable(QStringLiteral("needs: a real gantryd: ") + error));
        m_client.setAddress(QUrl(m_daemon.address()));
        m_client.setToken(m_daemon.token());
        m_pages = new SettingsPages(&m_client, this);
        m_widgets = m_pages->createPages({"general", "tls", "ldap", "license"});
        m_pages->reload();
        QTRY_VERIFY(m_pages->model()->isLoaded());
        for (QWidget *w : std::as_const(m_widgets))
            w->resize(900, 760);
    }

    void cleanupTestCase() { qDeleteAll(m_widgets); }

    void testLdapUsesTheUnsavedValues()
    {
        fillLdap();
        SchemaFormPage *page = m_pages->formPage("ldap");
        page->show();
        CheckRunDialog *dialog = openCheck(page, "ldap");
        dialog->input("username")->setText("alice");
        dialog->input("password")->setText("alice-pw");
        dialog->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->resultText().startsWith(QStringLiteral("✓")), 15000);
        QVERIFY(dialog->steps()->count() >= 4);
        for (int i = 0; i < dialog->steps()->count(); ++i)
            QVERIFY(dialog->steps()->item(i)->text().startsWith(QStringLiteral("✓")));
        grab(dialog, "settings-check-ldap");

        dialog->input("password")->setText("wrong");
        dialog->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->resultText().startsWith(QStringLiteral("✗")), 15000);
        const int n = dialog->steps()->count();
        QVERIFY(dialog->steps()->item(n - 1)->text().startsWith(QStringLiteral("✗")));
        grab(dialog, "settings-check-ldap-failed");

        // Cancel: the result is dropped and the dialog says so.
        dialog->runButton()->click();
        m_pages->checks()->cancel();
        QVERIFY(dialog->resultText().startsWith(QStringLiteral("Cancelled")));
        QVERIFY(dialog->runButton()->isEnabled());
        dialog->close();
        page->hide();
    }

    void selfSignedFillsCertificateAndKey()
    {
        SchemaFormPage *page = m_pages->formPage("tls");
        page->show();
        CheckRunDialog *dialog = openCheck(page, "self-signed");
        dialog->input("hostname")->setText("ci.example.com");
        dialog->runButton()->click();
        SettingsViewModel *model = m_pages->model();
        QTRY_VERIFY_WITH_TIMEOUT(
            model->value("tls.certificate").toString().startsWith("-----BEGIN CERTIFICATE"), 15000);
        QCOMPARE(model->secretState("tls.private_key"), SettingsViewModel::SecretState::WillSet);
        dialog->close();
        bool summary = false;
        for (QLabel *l : page->field("tls.certificate")->findChildren<QLabel *>())
            summary |= l->text().contains("ci.example.com") && l->text().contains("Expires");
        QVERIFY(summary);
        grab(page, "settings-tls-self-signed");
        page->hide();
    }

    void verifyTlsAndFetchChain()
    {
        SchemaFormPage *page = m_pages->formPage("tls");
        page->show();
        // The self-signed certificate of the previous test, for the wrong host name.
        CheckRunDialog *verify = openCheck(page, "tls");
        verify->input("hostname")->setText("other.example.com");
        verify->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(verify->resultText().startsWith(QStringLiteral("✗")), 15000);
        bool hostStep = false;
        for (int i = 0; i < verify->steps()->count(); ++i)
            hostStep |= verify->steps()->item(i)->text().contains("other.example.com");
        QVERIFY(hostStep);
        grab(verify, "settings-check-tls");
        verify->close();
        delete verify;

        // slapd's LDAPS port presents the test chain: it lands in the custom root CAs.
        const int before = int(m_pages->model()->value("tls.custom_root_cas").toArray().size());
        CheckRunDialog *fetch = openCheck(page, "fetch-chain");
        fetch->input("host")->setText("127.0.0.1");
        fetch->input("port")->setText(QString::number(m_slapd->ldapsPort()));
        fetch->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!fetch->resultText().startsWith(QStringLiteral("Running")), 15000);
        QVERIFY2(fetch->resultText().startsWith(QStringLiteral("✓")),
                 qPrintable(fetch->resultText()));
        QTRY_COMPARE(m_pages->model()->value("tls.custom_root_cas").toArray().size(), before + 1);
        fetch->close();
        delete fetch;
        page->hide();
    }

    void testProxyThroughARealTinyproxy()
    {
        if (const QString missing = TinyproxyServer::missing(); !missing.isEmpty())
            QSKIP(qPrintable(QStringLiteral("needs: tinyproxy (Debian package tinyproxy): ") +
                             missing));
        TinyproxyServer proxy;
        HttpTargetServer target;
        QString error;
        QVERIFY2(proxy.start(&error), qPrintable(error));
        QVERIFY2(target.start(&error), qPrintable(error));
        m_widgets.insert("settings/proxy", m_pages->createPages({"proxy"}).value("settings/proxy"));
        SchemaFormPage *page = m_pages->formPage("proxy");
        page->resize(900, 760);
        page->show();
        // Typed, not applied: the check uses the unsaved value.
        auto *edit = qobject_cast<QLineEdit *>(page->field("proxy.http_proxy")->editor());
        QVERIFY(edit);
        QTest::keyClicks(edit, proxy.url());
        QCOMPARE(m_pages->model()->value("proxy.http_proxy").toString(), proxy.url());
        CheckRunDialog *dialog = openCheck(page, "proxy");
        dialog->input("url")->setText(target.url());
        dialog->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->resultText().startsWith(QStringLiteral("Running")),
                                 15000);
        QVERIFY2(dialog->resultText().startsWith(QStringLiteral("✓")),
                 qPrintable(dialog->resultText()));
        QVERIFY(target.requestCount() > 0);
        // tinyproxy marks what it forwards: the request went through the proxy.
        QVERIFY(target.lastRequest().contains("gantry-test-proxy"));
        grab(dialog, "settings-check-proxy");
        dialog->close();
        delete dialog;
        m_pages->model()->setValue("proxy.http_proxy", QJsonValue(QJsonValue::Null));
        page->hide();
    }

    void testProxyTrustsTheUnsavedCustomCas()
    {
        if (!TinyproxyServer::missing().isEmpty() || !TlsListener::missing().isEmpty())
            QSKIP("needs: tinyproxy and the openssl command (Debian packages tinyproxy, openssl)");
        TinyproxyServer proxy;
        TlsListener target;
        const TestChain chain = TestPki::makeChain({QStringLiteral("IP:127.0.0.2")});
        QString error;
        QVERIFY2(proxy.start(&error), qPrintable(error));
        QVERIFY2(target.start(chain.chainPem(), chain.leaf.keyPem, &error,
                              QHostAddress(QStringLiteral("127.0.0.2"))),
                 qPrintable(error));
        if (!m_widgets.contains("settings/proxy"))
            m_widgets.insert("settings/proxy",
                             m_pages->createPages({"proxy"}).value("settings/proxy"));
        SchemaFormPage *page = m_pages->formPage("proxy");
        page->show();
        SettingsViewModel *model = m_pages->model();
        model->setValue("proxy.https_proxy", proxy.url());
        const QString url = QStringLiteral("https://127.0.0.2:%1/").arg(target.port());
        auto run = [&] {
            CheckRunDialog *dialog = openCheck(page, "proxy");
            dialog->input("url")->setText(url);
            dialog->runButton()->click();
            [&] {
                QTRY_VERIFY_WITH_TIMEOUT(
                    !dialog->resultText().startsWith(QStringLiteral("Running")), 15000);
            }();
            const QString result = dialog->resultText();
            dialog->close();
            delete dialog;
            return result;
        };
        // The test root is nowhere yet: the certificate step fails.
        const QString untrusted = run();
        QVERIFY2(untrusted.startsWith(QStringLiteral("✗")),
                 qPrintable(untrusted));
        // Typed on the TLS page, not applied: the proxy test trusts it.
        const QJsonValue cas = model->value("tls.custom_root_cas");
        QJsonArray withRoot = cas.toArray();
        withRoot.append(QString::fromLatin1(chain.root.certificatePem));
        model->setValue("tls.custom_root_cas", withRoot);
        const QString trusted = run();
        QVERIFY2(trusted.startsWith(QStringLiteral("✓")), qPrintable(trusted));
        model->setValue("tls.custom_root_cas", cas);
        model->setValue("proxy.https_proxy", model->savedValue("proxy.https_proxy"));
        page->hide();
    }

    void loginFirstUserIsAdminLaterUsersAreViewers()
    {
        SettingsViewModel *model = m_pages->model();
        model->setValue("general.hostname", QStringLiteral("ci.example.com"));
        model->setValue("license.agreed", true);
        QSignalSpy applied(model, &SettingsViewModel::applied);
        QSignalSpy failed(model, &SettingsViewModel::applyFailed);
        model->stageAndApply();
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() + failed.size() == 1, 15000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

        ControlPlaneClient aliceClient;
        aliceClient.setAddress(QUrl(m_daemon.address()));
        ConsoleAccess alice(&aliceClient);
        LoginDialog dialog(&alice, m_daemon.address());
        dialog.username()->setText("alice");
        dialog.password()->setText("wrong");
        QTest::keyClick(dialog.password(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorText().isEmpty(), 15000);
        grab(&dialog, "settings-login");
        dialog.password()->setText("alice-pw");
        QSignalSpy in(&alice, &ConsoleAccess::loggedIn);
        QTest::keyClick(dialog.password(), Qt::Key_Return);
        QTRY_VERIFY2_WITH_TIMEOUT(in.size() == 1, qPrintable(dialog.errorText()), 15000);
        QVERIFY(alice.isAdmin());
        QVERIFY(aliceClient.hasToken());
        QVERIFY(!alice.sessionToken().isEmpty());

        ControlPlaneClient bobClient;
        bobClient.setAddress(QUrl(m_daemon.address()));
        ConsoleAccess bob(&bobClient);
        QSignalSpy bobIn(&bob, &ConsoleAccess::loggedIn);
        bob.login("bob", "bob-pw");
        QTRY_VERIFY_WITH_TIMEOUT(bobIn.size() == 1, 15000);
        QCOMPARE(bob.role(), QStringLiteral("viewer"));
        QVERIFY(bob.readOnlyReason().contains("viewer"));

        // A viewer's console is read-only.
        SettingsPages viewerPages(&bobClient);
        const auto viewerWidgets = viewerPages.createPages({"ldap"});
        viewerPages.reload();
        QTRY_VERIFY(viewerPages.model()->isReadOnly());
        auto *ldap = viewerPages.formPage("ldap");
        QTRY_VERIFY(ldap->field("ldap.enabled") != nullptr);
        QVERIFY(!ldap->field("ldap.enabled")->editor()->isEnabled());
        QVERIFY(ldap->field("ldap.enabled")->editor()->toolTip().contains("viewer"));
        QVERIFY(!ldap->testButton("ldap")->isEnabled());
        ldap->resize(900, 760);
        ldap->show();
        grab(ldap, "settings-ldap-viewer");
        qDeleteAll(viewerWidgets);

        // The admin's Users page lists both and promotes bob.
        UsersModel users(&aliceClient);
        UsersPage page(&users, &alice);
        users.refresh();
        QTRY_COMPARE(users.rowCount(), 2);
        int bobRow = -1;
        for (int r = 0; r < users.rowCount(); ++r)
            if (users.index(r, UsersModel::UsernameColumn).data().toString() == "bob")
                bobRow = r;
        QVERIFY(bobRow >= 0);
        page.table()->setCurrentIndex(users.index(bobRow, 0));
        QVERIFY(page.promoteButton()->isEnabled());
        QVERIFY(!page.demoteButton()->isEnabled());
        page.resize(700, 400);
        page.show();
        grab(&page, "settings-users-admin");
        users.setRole(users.idAt(bobRow), "admin");
        QTRY_COMPARE(users.roleAt(bobRow), QStringLiteral("admin"));
    }

private:
    void fillLdap()
    {
        SettingsViewModel *model = m_pages->model();
        const QJsonObject fragment = m_slapd->settings(QStringLiteral("starttls"));
        model->setValue("ldap.enabled", true);
        const QJsonObject ldap = fragment.value("ldap").toObject();
        for (auto it = ldap.begin(); it != ldap.end(); ++it) {
            const QString path = QStringLiteral("ldap.") + it.key();
            if (it.key() == QLatin1String("search_password"))
                model->setSecret(path, it.value().toString());
            else if (it.key() != QLatin1String("enabled"))
                model->setValue(path, it.value());
        }
        model->setValue("tls.custom_root_cas",
                        fragment.value("tls").toObject().value("custom_root_cas"));
    }

    CheckRunDialog *openCheck(SchemaFormPage *page, const QString &name)
    {
        page->testButton(name)->click();
        CheckRunDialog *dialog = nullptr;
        [&] { QTRY_VERIFY((dialog = page->findChild<CheckRunDialog *>()) != nullptr); }();
        return dialog;
    }

    void grab(QWidget *w, const QString &name)
    {
        const QString dir = qEnvironmentVariable("GANTRY_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QCoreApplication::processEvents();
        QVERIFY(w->grab().save(QDir(dir).filePath(name + ".png")));
    }

    std::unique_ptr<SlapdServer> m_slapd;
    FleetDaemon m_daemon;
    ControlPlaneClient m_client;
    SettingsPages *m_pages = nullptr;
    QHash<QString, QWidget *> m_widgets;
};

QTEST_MAIN(TestSettingsChecks)
#include "tst_settingschecks.moc"
