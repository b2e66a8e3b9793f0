// The settings pages offscreen against a real gantryd: inline errors, `when`, masked secrets,
// apply, history and rollback; and a screenshot of every page (settings-<group>.png).
#include "controlplaneclient.h"
#include "fleetdaemon.h"
#include "reviewapplydialog.h"
#include "schemaformpage.h"
#include "settingsfield.h"
#include "settingshistory.h"
#include "settingshistorypage.h"
#include "settingspages.h"
#include "settingsviewmodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace gantry;

namespace {

const QStringList kGroups{
    "general",          "tls",       "ldap",           "vm_provider", "metrics", "proxy",
    "usage_statistics", "artifacts", "customizations", "github",      "storage", "license"};

template<typename T> T *find(QWidget *root, const QString &accessibleName)
{
    for (T *w : root->findChildren<T *>())
        if (w->accessibleName() == accessibleName)
            return w;
    return nullptr;
}

} // namespace

class TestSettingsPages final : public QObject
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
        m_pages = new SettingsPages(&m_client, this);
        m_widgets = m_pages->createPages(kGroups);
        m_pages->reload();
        QTRY_VERIFY(m_pages->model()->isLoaded());
        for (QWidget *w : std::as_const(m_widgets))
            w->resize(900, 760);
    }

    void cleanupTestCase() { qDeleteAll(m_widgets); }

    void everyItemHasAnAccessibleEditor()
    {
        for (const QString &group : kGroups) {
            SchemaFormPage *page = m_pages->formPage(group);
            QVERIFY(page);
            for (const SettingsItemSpec &item : m_pages->model()->schema().group(group)->items) {
                SettingsField *f = page->field(item.path);
                QVERIFY2(f, qPrintable(item.path));
                QVERIFY2(!f->editor()->accessibleName().isEmpty() ||
                             (f->editor()->focusProxy() &&
                              !f->editor()->focusProxy()->accessibleName().isEmpty()),
                         qPrintable(item.path));
            }
        }
    }

    void ldapPortOutOfRangeShowsAnInlineError()
    {
        SchemaFormPage *page = m_pages->formPage("ldap");
        page->show();
        auto *enabled = qobject_cast<QCheckBox *>(page->field("ldap.enabled")->editor());
        QVERIFY(enabled);
        enabled->click();
        QTRY_VERIFY(page->isFieldVisible("ldap.port"));
        // The admin types 70000: the box keeps it (the arrows stop at 65535) and says why.
        auto *port = qobject_cast<QSpinBox *>(page->field("ldap.port")->editor());
        QVERIFY(port);
        port->setValue(65535);
        port->stepBy(1);
        QCOMPARE(port->value(), 65535);
        port->setFocus();
        port->selectAll();
        QTest::keyClicks(port, "70000");
        QCOMPARE(port->value(), 70000);
        QCOMPARE(m_pages->model()->value("ldap.port").toInt(), 70000);
        QLabel *error = page->field("ldap.port")->findChild<QLabel *>("error");
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 5000);
        QVERIFY2(error->text().contains("70000"), qPrintable(error->text()));
        // Apply marks the problems and shows a banner that counts them.
        page->applyButton()->click();
        QTRY_VERIFY(page->banner()->isVisible());
        QVERIFY2(page->banner()->text().contains("problem"), qPrintable(page->banner()->text()));
        grab(page, "settings-ldap-errors");
        m_pages->model()->discard();
        QTRY_VERIFY(!page->isFieldVisible("ldap.port"));
        QTRY_VERIFY(!page->banner()->isVisible());
        page->hide();
    }

    void vmProviderFieldsFollowTheProvider()
    {
        SchemaFormPage *page = m_pages->formPage("vm_provider");
        page->show();
        QVERIFY(!page->isFieldVisible("vm_provider.aws_region"));
        auto *aws = find<QRadioButton>(page, "Provider: AWS EC2");
        QVERIFY(aws);
        aws->click();
        QTRY_VERIFY(page->isFieldVisible("vm_provider.aws_region"));
        QVERIFY(!page->isFieldVisible("vm_provider.access_key_id"));
        find<QRadioButton>(page, "AWS authentication: IAM user (key + secret)")->click();
        QTRY_VERIFY(page->isFieldVisible("vm_provider.access_key_id"));
        QVERIFY(page->isFieldVisible("vm_provider.secret_access_key"));
        grab(page, "settings-vm_provider-aws");
        find<QRadioButton>(page, "Provider: None")->click();
        QTRY_VERIFY(!page->isFieldVisible("vm_provider.access_key_id"));
        m_pages->model()->discard();
        page->hide();
    }

    void applySecretMaskedHistoryRollback()
    {
        SettingsViewModel *model = m_pages->model();
        model->setValue("general.hostname", QStringLiteral("ci.example.com"));
        model->setValue("license.agreed", true);
        SchemaFormPage *github = m_pages->formPage("github");
        auto *secret = find<QLineEdit>(github, "OAuth client secret");
        QVERIFY(secret);
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QTest::keyClicks(secret, "hunter2");
        QTRY_COMPARE(model->secretState("github.oauth_client_secret"),
                     SettingsViewModel::SecretState::WillSet);
        ReviewApplyDialog dialog(model);
        QCOMPARE(dialog.changes()->topLevelItemCount(), 3);
        bool secretShownAsChanged = false;
        for (int i = 0; i < 3; ++i) {
            QTreeWidgetItem *item = dialog.changes()->topLevelItem(i);
            QVERIFY(!item->text(2).contains("hunter2"));
            if (item->text(0) == "github.oauth_client_secret")
                secretShownAsChanged = item->text(2) == "changed";
        }
        QVERIFY(secretShownAsChanged);
        dialog.resize(760, 440);
        grab(&dialog, "settings-review");
        dialog.applyButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.appliedVersion() == 1, 10000);
        QVERIFY2(dialog.resultText().contains("version 1"), qPrintable(dialog.resultText()));
        QTRY_COMPARE(model->version(), 1);
        // After the reload the secret is masked, with Change and Clear.
        QTRY_COMPARE(model->secretState("github.oauth_client_secret"),
                     SettingsViewModel::SecretState::Set);
        QVERIFY(github->findChild<QLabel *>() != nullptr);
        bool masked = false;
        for (QLabel *l : github->findChildren<QLabel *>())
            masked |= l->text() == QStringLiteral("•••• (set)") && l->isVisibleTo(github);
        QVERIFY(masked);
        QVERIFY(find<QPushButton>(github, "Change OAuth client secret"));
        // github.url is write-once: locked, and says why.
        auto *url = find<QLineEdit>(github, "GitHub URL");
        QTRY_VERIFY(url->isReadOnly());
        QVERIFY(!url->toolTip().isEmpty());

        // History shows version 1; a second version, then roll back to 1.
        auto *history = qobject_cast<SettingsHistoryPage *>(m_widgets.value("settings"));
        QTRY_COMPARE(history->versions()->model()->rowCount(), 1);
        model->setValue("general.hostname", QStringLiteral("ci2.example.com"));
        model->clearSecret("github.oauth_client_secret");
        model->stageAndApply();
        QTRY_COMPARE_WITH_TIMEOUT(model->version(), 2, 10000);
        QTRY_COMPARE(history->versions()->model()->rowCount(), 2);
        QTRY_VERIFY(history->diff()->topLevelItemCount() > 0);
        // The diff says a secret was set and is now cleared, never what it was (the diff of
        // versions 0 and 1, shown before, has the same row the other way round).
        QTRY_COMPARE(history->diff()->headerItem()->text(2), "Version 2");
        QTRY_COMPARE(history->diff()->headerItem()->text(1), "Version 1");
        const QList<QTreeWidgetItem *> secretRow =
            history->diff()->findItems("github.oauth_client_secret", Qt::MatchExactly);
        QCOMPARE(secretRow.size(), 1);
        QCOMPARE(secretRow.first()->text(1), "(set)");
        QCOMPARE(secretRow.first()->text(2), "(not set)");
        history->show();
        grab(history, "settings-history");
        history->rollbackTo(1, true);
        QTRY_COMPARE_WITH_TIMEOUT(history->versions()->model()->rowCount(), 3, 10000);
        QTRY_COMPARE(model->version(), 3);
        QCOMPARE(model->value("general.hostname").toString(), QStringLiteral("ci.example.com"));
        history->hide();
    }

    void viewersGetAReadOnlyConsole()
    {
        SettingsViewModel *model = m_pages->model();
        model->setReadOnly(true, QStringLiteral("viewer: read only"));
        SchemaFormPage *page = m_pages->formPage("ldap");
        auto *enabled = qobject_cast<QCheckBox *>(page->field("ldap.enabled")->editor());
        QVERIFY(!enabled->isEnabled());
        QCOMPARE(enabled->toolTip(), QStringLiteral("viewer: read only"));
        QVERIFY(!page->applyButton()->isEnabled());
        QVERIFY(!page->testButton("ldap")->isEnabled());
        model->setReadOnly(false);
        QVERIFY(enabled->isEnabled());
    }

    void tabReachesEveryVisibleField()
    {
        SchemaFormPage *page = m_pages->formPage("ldap");
        m_pages->model()->setValue("ldap.enabled", true);
        page->show();
        QVERIFY(QTest::qWaitForWindowActive(page));
        QSet<QString> reached;
        page->field("ldap.enabled")->focusEditor();
        for (int i = 0; i < 80; ++i) {
            for (QWidget *w = QApplication::focusWidget(); w; w = w->parentWidget())
                if (auto *f = qobject_cast<SettingsField *>(w))
                    reached.insert(f->spec().path);
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        }
        for (const SettingsItemSpec &item : m_pages->model()->schema().group("ldap")->items)
            QVERIFY2(reached.contains(item.path), qPrintable(item.path));
        m_pages->model()->discard();
        page->hide();
    }

    void unsavedChangesGuard()
    {
        SettingsViewModel *model = m_pages->model();
        QWidget *page = m_widgets.value("settings/general");
        QVERIFY(m_pages->confirmLeave(page)); // nothing unsaved: no question
        model->setValue("general.circle_url", QStringLiteral("https://ci.example.com"));
        QVERIFY(model->isDirty());
        answer("Stay");
        QVERIFY(!m_pages->confirmLeave(page));
        QVERIFY(model->isDirty());
        answer("Discard");
        QVERIFY(m_pages->confirmLeave(page));
        QVERIFY(!model->isDirty());
    }

    void screenshotsOfEveryPage()
    {
        for (const QString &group : kGroups) {
            QWidget *page = m_widgets.value("settings/" + group);
            page->show();
            QCoreApplication::processEvents();
            grab(page, "settings-" + group);
            page->hide();
        }
        QWidget *users = m_widgets.value("users");
        users->show();
        grab(users, "settings-users");
    }

private:
    // Clicks `button` of the next message box once it is up.
    void answer(const QString &button)
    {
        QTimer::singleShot(0, this, [button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            for (QAbstractButton *b : box->buttons())
                if (b->text() == button)
                    b->click();
        });
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

    FleetDaemon m_daemon;
    ControlPlaneClient m_client;
    SettingsPages *m_pages = nullptr;
    QHash<QString, QWidget *> m_widgets;
};

QTEST_MAIN(TestSettingsPages)
#include "tst_settingspages.moc"
