// The window offscreen: every navigation entry is listed and opens its page; the status bar
// follows the connection state.
#include "connectionstatus.h"
#include "mainwindow.h"
#include "navigationmodel.h"

#include <QRegularExpression>
#include <QStackedWidget>
#include <QTest>
#include <QTreeView>

using namespace gantry;

class TestMainWindow final : public QObject
{
    Q_OBJECT
    static QStringList visibleLabels(QTreeView *tree)
    {
        QStringList labels;
        for (QModelIndex i = tree->model()->index(0, 0); i.isValid(); i = tree->indexBelow(i))
            labels << i.data().toString();
        return labels;
    }

private Q_SLOTS:
    void listsEveryNavigationEntry()
    {
        NavigationModel navigation;
        ConnectionStatus status;
        MainWindow window(&navigation, &status);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tree = window.findChild<QTreeView *>();
        QVERIFY(tree);
        const QStringList expected{
            "Dashboard",   "Nodes",          "Jobs",        "Audit log",
            "Settings",    "General",        "TLS / HTTPS", "LDAP",
            "VM provider", "Metrics",        "HTTP proxy",  "Usage statistics",
            "Artifacts",   "Customizations", "GitHub",      "Storage",
            "License",     "Users",          "Operations"};
        QCOMPARE(visibleLabels(tree), expected);
    }
    void clickingAnEntryShowsItsPage()
    {
        NavigationModel navigation;
        ConnectionStatus status;
        MainWindow window(&navigation, &status);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPageId(), "dashboard");
        auto *tree = window.findChild<QTreeView *>();
        for (const QString &id : navigation.pageIds()) {
            const QModelIndex index = navigation.indexOf(id);
            tree->scrollTo(index);
            const QRect rect = tree->visualRect(index);
            QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
            QCOMPARE(window.currentPageId(), id);
            QVERIFY(window.page(id)->isVisible());
        }
        // Keyboard reaches the pages too.
        tree->setFocus();
        window.showPage("dashboard");
        QTest::keyClick(tree, Qt::Key_Down);
        QCOMPARE(window.currentPageId(), "nodes");
    }
    void leaveGuardCanKeepThePageAndTheWindow()
    {
        NavigationModel navigation;
        ConnectionStatus status;
        MainWindow window(&navigation, &status);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList asked;
        bool allow = false;
        window.setLeaveGuard([&](const QString &from, const QString &to) {
            asked << from + "->" + to;
            return allow;
        });
        auto *tree = window.findChild<QTreeView *>();
        QVERIFY(!window.showPage("nodes"));
        QCOMPARE(window.currentPageId(), "dashboard");
        // Clicking in the tree is refused too, and the selection goes back to the page shown.
        const QModelIndex jobs = navigation.indexOf("jobs");
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(jobs).center());
        QCOMPARE(window.currentPageId(), "dashboard");
        QTRY_COMPARE(tree->currentIndex(), navigation.indexOf("dashboard"));
        // Closing asks with an empty destination, and a refusal keeps the window open.
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        QCOMPARE(asked, (QStringList{"dashboard->nodes", "dashboard->jobs", "dashboard->"}));
        allow = true;
        QVERIFY(window.showPage("nodes"));
        QCOMPARE(window.currentPageId(), "nodes");
        QVERIFY(window.close());
    }
    void statusBarFollowsTheConnection()
    {
        NavigationModel navigation;
        ConnectionStatus status;
        MainWindow window(&navigation, &status);
        QCOMPARE(window.statusText(), "Connecting…");
        status.setConnected("http://127.0.0.1:1234");
        QCOMPARE(window.statusText(), "Connected to http://127.0.0.1:1234 (embedded)");
        status.setDisconnected("gantryd exited with code 1", 4000);
        QVERIFY2(window.statusText().startsWith("Disconnected, retrying in 4 s"),
                 qPrintable(window.statusText()));
        // It counts down. Not how fast: on a loaded machine a tick can come late and skip "3 s".
        QTRY_VERIFY_WITH_TIMEOUT(!window.statusText().startsWith("Disconnected, retrying in 4 s"),
                                 10000);
        const QRegularExpressionMatch left =
            QRegularExpression("^Disconnected, retrying in (\\d) s").match(window.statusText());
        QVERIFY2(left.hasMatch(), qPrintable(window.statusText()));
        QVERIFY2(left.captured(1).toInt() < 4, qPrintable(window.statusText()));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
