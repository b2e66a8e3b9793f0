// SettingsViewModel and SettingsHistory against a real gantryd on a temporary data dir.
#include "../gui/fleetdaemon.h"
#include "controlplaneclient.h"
#include "event.h"
#include "fleetfeed.h"
#include "settingshistory.h"
#include "settingsviewmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;

class TestSettingsViewModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = m_daemon.start();
        if (!error.isEmpty())
            QSKIP(qPrintable(QStringLiteral("needs: a real gantryd: ") + error));
        m_client.setAddress(QUrl(m_daemon.address()));
        m_client.setToken(m_daemon.token());
    }

    void loadsSchemaAndSettings()
    {
        SettingsViewModel model(&m_client);
        QSignalSpy loaded(&model, &SettingsViewModel::loaded);
        model.load();
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(model.schema().groups().size(), 12);
        QCOMPARE(model.version(), 0);
        QCOMPARE(model.value("ldap.port").toInt(), 389); // the default, as gantryd says it
        QVERIFY(!model.isShown("ldap.host"));
        QCOMPARE(model.secretState("ldap.search_password"), SettingsViewModel::SecretState::Unset);
    }

    void whenFollowsTheEdits()
    {
        SettingsViewModel model(&m_client);
        model.load();
        QTRY_VERIFY(model.isLoaded());
        QVERIFY(!model.isShown("vm_provider.aws_region"));
        model.setValue("vm_provider.provider", QStringLiteral("aws_ec2"));
        QVERIFY(model.isShown("vm_provider.aws_region"));
        QVERIFY(model.isRequired("vm_provider.aws_region"));
        QVERIFY(!model.isShown("vm_provider.access_key_id"));
        model.setValue("vm_provider.auth", QStringLiteral("iam_user"));
        QVERIFY(model.isShown("vm_provider.access_key_id"));
        QVERIFY(model.isShown("vm_provider.secret_access_key"));
        model.setValue("vm_provider.provider", QStringLiteral("none"));
        QVERIFY(!model.isShown("vm_provider.access_key_id"));
        // Presets: Active Directory fills AD's attribute names.
        model.setValue("ldap.server_type", QStringLiteral("active_directory"));
        QCOMPARE(model.value("ldap.username_attribute").toString(),
                 QStringLiteral("sAMAccountName"));
    }

    void liveValidationMapsErrorsToFields()
    {
        SettingsViewModel model(&m_client);
        model.load();
        QTRY_VERIFY(model.isLoaded());
        model.setValue("ldap.enabled", true);
        model.setValue("ldap.port", 70000);
        QTRY_VERIFY_WITH_TIMEOUT(!model.errors("ldap.port").isEmpty(), 5000);
        QVERIFY(model.failingPaths().contains("ldap.port"));
        QVERIFY(model.errors("ldap.host").join(' ').contains("required") ||
                !model.errors("ldap.host").isEmpty());
        model.setValue("ldap.port", 636);
        model.setValue("ldap.enabled", false);
        QTRY_VERIFY_WITH_TIMEOUT(model.errors("ldap.port").isEmpty(), 5000);
    }

    void draftCarriesSecretsAsTheContractSays()
    {
        SettingsViewModel model(&m_client);
        model.load();
        QTRY_VERIFY(model.isLoaded());
        model.setSecret("github.oauth_client_secret", QStringLiteral("s3cr\"et"));
        const QByteArray yaml = model.draftYaml();
        QVERIFY2(yaml.contains("oauth_client_secret: \"s3cr\\\"et\""), yaml.constData());
        const auto changes = model.changes();
        QCOMPARE(changes.size(), 1);
        QVERIFY(changes.first().secret);
        QCOMPARE(changes.first().to, QStringLiteral("changed"));
    }

    void applySecretMaskedAfterReloadThenHistoryAndRollback()
    {
        SettingsViewModel model(&m_client);
        model.load();
        QTRY_VERIFY(model.isLoaded());
        model.setValue("general.hostname", QStringLiteral("ci.example.com"));
        model.setValue("license.agreed", true);
        model.setSecret("github.oauth_client_secret", QStringLiteral("first-secret"));
        QSignalSpy applied(&model, &SettingsViewModel::applied);
        QSignalSpy failed(&model, &SettingsViewModel::applyFailed);
        model.stageAndApply();
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() + failed.size() > 0, 10000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(applied.first().first().toInt(), 1);
        QTRY_COMPARE(model.version(), 1);
        QVERIFY(!model.isDirty());

        SettingsViewModel fresh(&m_client);
        fresh.load();
        QTRY_VERIFY(fresh.isLoaded());
        QCOMPARE(fresh.secretState("github.oauth_client_secret"),
                 SettingsViewModel::SecretState::Set);
        QVERIFY(!fresh.draftYaml().contains("first-secret"));
        QVERIFY(fresh.draftYaml().contains("oauth_client_secret:\n      set: true") ||
                fresh.draftYaml().contains("set: true"));
        QString why;
        QVERIFY(fresh.isLocked("github.url", &why));
        QVERIFY(!why.isEmpty());

        // Version 2, then the history and a rollback to 1.
        fresh.setValue("general.hostname", QStringLiteral("ci2.example.com"));
        fresh.clearSecret("github.oauth_client_secret");
        QCOMPARE(fresh.changes().size(), 2);
        QSignalSpy applied2(&fresh, &SettingsViewModel::applied);
        fresh.stageAndApply();
        QTRY_COMPARE_WITH_TIMEOUT(applied2.size(), 1, 10000);

        SettingsHistory history(&m_client);
        QAbstractItemModelTester tester(&history);
        history.refresh();
        QTRY_COMPARE(history.rowCount(), 2);
        QCOMPARE(history.versionAt(0), 2);
        QSignalSpy diff(&history, &SettingsHistory::diffReady);
        history.requestDiff(1, 2);
        QTRY_COMPARE(diff.size(), 1);
        const auto changes = diff.first().at(2).value<QList<SettingsDiffEntry>>();
        QStringList paths;
        for (const SettingsDiffEntry &e : changes)
            paths << e.path;
        QVERIFY2(paths.contains("general.hostname"), qPrintable(paths.join(',')));
        QSignalSpy rolled(&history, &SettingsHistory::rolledBack);
        history.rollback(1);
        QTRY_COMPARE_WITH_TIMEOUT(rolled.size(), 1, 10000);
        QCOMPARE(rolled.first().first().toInt(), 3);
        QTRY_COMPARE(history.rowCount(), 3);
        fresh.load();
        QTRY_COMPARE(fresh.version(), 3);
        QCOMPARE(fresh.value("general.hostname").toString(), QStringLiteral("ci.example.com"));
    }

    void anotherConsolesApplyIsNoticed()
    {
        SettingsViewModel model(&m_client);
        model.load();
        QTRY_VERIFY(model.isLoaded());
        const int before = model.version();
        // The console's one event stream (FleetFeed) hands Settings events to the model, as
        // ConsoleSession wires it. It once asked gantryd for the fleet's topics only, so no
        // Settings event ever came: only a test that made the event up had seen this work.
        FleetFeed feed(&m_client);
        connect(&feed, &FleetFeed::otherEvent, &model, &SettingsViewModel::handleEvent);
        feed.connectTo(QUrl(m_daemon.address()), m_daemon.token());
        QTRY_COMPARE_WITH_TIMEOUT(feed.state(), FleetFeed::State::Live, 10000);
        QSignalSpy elsewhere(&model, &SettingsViewModel::changedElsewhere);
        SettingsViewModel other(&m_client);
        other.load();
        QTRY_VERIFY(other.isLoaded());
        other.setValue("general.circle_url", QStringLiteral("https://other.example.com"));
        QSignalSpy applied(&other, &SettingsViewModel::applied);
        other.stageAndApply();
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(elsewhere.size(), 1, 10000);
        QTRY_COMPARE(model.version(), before + 1);
        QCOMPARE(model.value("general.circle_url").toString(),
                 QStringLiteral("https://other.example.com"));
    }

    void staleBaseIsRefused()
    {
        SettingsViewModel a(&m_client);
        SettingsViewModel b(&m_client);
        a.load();
        b.load();
        QTRY_VERIFY(a.isLoaded() && b.isLoaded());
        a.setValue("general.circle_url", QStringLiteral("https://a.example.com"));
        b.setValue("general.circle_url", QStringLiteral("https://b.example.com"));
        QSignalSpy appliedA(&a, &SettingsViewModel::applied);
        a.stageAndApply();
        QTRY_COMPARE_WITH_TIMEOUT(appliedA.size(), 1, 10000);
        QSignalSpy failedB(&b, &SettingsViewModel::applyFailed);
        b.stageAndApply();
        QTRY_COMPARE_WITH_TIMEOUT(failedB.size(), 1, 10000);
        QVERIFY(b.isDirty()); // the admin's values are kept
    }

private:
    FleetDaemon m_daemon;
    ControlPlaneClient m_client;
};

QTEST_MAIN(TestSettingsViewModel)
#include "tst_settingsviewmodel.moc"
