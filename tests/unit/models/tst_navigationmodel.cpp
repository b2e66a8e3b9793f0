#include "navigationmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace gantry;

class TestNavigationModel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyPageOnce()
    {
        NavigationModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList ids = model.pageIds();
        QStringList expected{"dashboard", "nodes", "jobs", "audit", "settings"};
        for (const QString &g : NavigationModel::settingsGroups())
            expected << "settings/" + g;
        expected << "users"
                 << "operations";
        QCOMPARE(ids, expected);
    }
    void settingsGroupsAreDesignMdGroups()
    {
        QCOMPARE(NavigationModel::settingsGroups(),
                 (QStringList{"general", "tls", "ldap", "vm_provider", "metrics", "proxy",
                              "usage_statistics", "artifacts", "customizations", "github",
                              "storage", "license"}));
    }
    void indexOfFindsNestedPages()
    {
        NavigationModel model;
        const QModelIndex ldap = model.indexOf("settings/ldap");
        QVERIFY(ldap.isValid());
        QCOMPARE(ldap.data().toString(), "LDAP");
        QCOMPARE(ldap.parent().data(NavigationModel::PageIdRole).toString(), "settings");
        QVERIFY(!model.indexOf("nope").isValid());
        QVERIFY(!ldap.data(NavigationModel::PlaceholderRole).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNavigationModel)
#include "tst_navigationmodel.moc"
