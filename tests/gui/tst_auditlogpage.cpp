// The Audit page offscreen against a real gantryd holding imported events: the filter bar's
// filter gives the same rows as GET /v1/audit for the same parameters, the detail pane shows every
// nested field as JSON, "Copy as JSON" copies the event gantryd returns, the CSV export writes
// exactly GET /v1/audit/export.csv for the filter, and a cancelled export leaves no file.
#include "auditdetailpane.h"
#include "auditexport.h"
#include "auditexportdialog.h"
#include "auditfilterbar.h"
#include "auditfixtures.h"
#include "auditlogpage.h"
#include "audittablemodel.h"
#include "fleetdaemon.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace gantry;
using namespace gantry::audittest;

class TestAuditLogPage final : public QObject
{
    Q_OBJECT

    FleetDaemon m_daemon;
    ControlPlaneClient m_client;
    QTemporaryDir m_out;

    static bool loaded(const AuditTableModel &model)
    {
        return !model.isFetching() && model.state() == AuditTableModel::State::Ready;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString why = m_daemon.start();
        if (!why.isEmpty())
            QSKIP(qPrintable(why.startsWith("needs") ? why : "needs: gantryd to start: " + why));
        m_client.setAddress(QUrl(m_daemon.address()));
        m_client.setToken(m_daemon.token());
        m_client.setTimeout(60000);
        const ApiResult r = call(m_client, "POST", "/v1/audit/import",
                                 fixtureCsv(2500, QDateTime::currentDateTimeUtc().addDays(-2), 10));
        QVERIFY2(r.ok(), qPrintable(r.describeError()));
    }

    void everyControlIsNamedAndReachable()
    {
        AuditTableModel model(&m_client);
        AuditExport exporter(&m_client);
        AuditLogPage page(&model, &exporter);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QStringList unnamed;
        QStringList mnemonics;
        for (QWidget *w : page.findChildren<QWidget *>()) {
            const bool inner = qobject_cast<QAbstractSpinBox *>(w->parentWidget()) ||
                               qobject_cast<QComboBox *>(w->parentWidget());
            if ((w->focusPolicy() & Qt::TabFocus) && !inner && w->accessibleName().isEmpty())
                unnamed << w->metaObject()->className();
            QString text;
            if (auto *b = qobject_cast<QAbstractButton *>(w))
                text = b->text();
            else if (auto *l = qobject_cast<QLabel *>(w))
                text = l->buddy() ? l->text() : QString();
            const qsizetype amp = text.indexOf('&');
            if (amp >= 0 && amp + 1 < text.size())
                mnemonics << text.mid(amp + 1, 1).toLower();
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(", ")));
        QVERIFY(mnemonics.size() >= 12);
        QCOMPARE(QSet<QString>(mnemonics.begin(), mnemonics.end()).size(), mnemonics.size());
        // Tab goes from the filter bar into the table.
        QWidget *w = page.filterBar()->textEdit();
        w->setFocus();
        bool reachedTable = false;
        for (int i = 0; i < 30 && !reachedTable; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            reachedTable = QApplication::focusWidget() == page.view();
        }
        QVERIFY(reachedTable);
    }

    void filterGivesTheRowsOfTheApi()
    {
        AuditTableModel model(&m_client);
        AuditExport exporter(&m_client);
        AuditLogPage page(&model, &exporter);
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000); // opening loads the newest

        AuditFilterBar *bar = page.filterBar();
        bar->actionEdit()->setText("workflow.job.*");
        bar->targetEdit()->setText("project-2");
        bar->successBox()->setCurrentIndex(2); // No: applies at once
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        QCOMPARE(model.query().query(QUrl::FullyEncoded),
                 "action=workflow.job.*&target=project-2&success=false");
        const ApiResult api = call(m_client, "GET",
                                   "/v1/audit?action=workflow.job.*&target=project-2&success=false"
                                   "&limit=1000");
        QVERIFY(api.ok());
        const QJsonArray events = api.json["events"].toArray();
        QVERIFY(events.size() > 10);
        QCOMPARE(model.rowCount(), std::min<int>(events.size(), model.pageSize()));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.idAt(row), events[row]["id"].toString());
        QCOMPARE(page.countText(), QString("%1 events").arg(events.size()));

        // Full text narrows it further, through Enter in the search box.
        bar->textEdit()->setText("alpha");
        QTest::keyClick(bar->textEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        QVERIFY(model.query().query().endsWith("&q=alpha"));
        QVERIFY(model.rowCount() > 0 && model.rowCount() < events.size());
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.event(row)["payload"].toObject()["word"].toString(), "alpha");

        // A bad action is refused next to the fields; the rows stay.
        const QString top = model.idAt(0);
        bar->actionEdit()->setText("Workflow Job");
        QTest::mouseClick(bar->applyButton(), Qt::LeftButton);
        QVERIFY2(bar->problemsText().contains("\"Workflow Job\" is not an action"),
                 qPrintable(bar->problemsText()));
        QCOMPARE(model.idAt(0), top);
        QCOMPARE(model.query().queryItemValue("action"), "workflow.job.*");
    }

    // "Jump to time…" asks for a moment (local time) and shows the events just before it.
    void jumpToTimeThroughTheDialog()
    {
        AuditTableModel model(&m_client);
        AuditExport exporter(&m_client);
        AuditLogPage page(&model, &exporter);
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        const ApiResult api = call(m_client, "GET", "/v1/audit?limit=1000");
        QVERIFY(api.ok());
        const QJsonArray events = api.json["events"].toArray();
        QVERIFY(events.size() > 900);
        // A whole second (the dialog shows seconds) a little after event 800.
        const QDateTime target =
            QDateTime::fromString(events[800]["occurred_at"].toString(), Qt::ISODateWithMs)
                .addSecs(1);
        const QDateTime wanted = QDateTime::fromSecsSinceEpoch(target.toSecsSinceEpoch(), Qt::UTC);
        bool answered = false;
        QTimer::singleShot(0, this, [&] {
            QTRY_VERIFY(qobject_cast<QDialog *>(QApplication::activeModalWidget()));
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            auto *edit = dialog->findChild<QDateTimeEdit *>();
            QVERIFY(edit);
            QCOMPARE(edit->accessibleName(), "Time to jump to");
            edit->setDateTime(wanted.toLocalTime());
            answered = true;
            dialog->accept();
        });
        QTest::mouseClick(page.jumpButton(), Qt::LeftButton);
        QVERIFY(answered);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model) && !model.holdsNewest(), 20000);
        const QDateTime first =
            QDateTime::fromString(model.event(0)["occurred_at"].toString(), Qt::ISODateWithMs);
        QVERIFY2(first <= wanted && first.secsTo(wanted) <= 60,
                 qPrintable(first.toString(Qt::ISODateWithMs) + " vs " +
                            wanted.toString(Qt::ISODateWithMs)));
        QVERIFY(model.canFetchNewer());
    }

    void detailsShowEveryNestedFieldAndCopyAsJson()
    {
        AuditTableModel model(&m_client);
        AuditExport exporter(&m_client);
        AuditLogPage page(&model, &exporter);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        AuditFilter f;
        f.actor = "user-1";
        page.filterBar()->setFilter(f);
        page.applyFilter();
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        page.view()->setFocus();
        QTest::keyClick(page.view(), Qt::Key_Down); // keyboard: the first row becomes current
        QTest::keyClick(page.view(), Qt::Key_Down);
        const int row = page.view()->currentIndex().row();
        QVERIFY(row >= 0);
        const QString id = model.idAt(row);
        QCOMPARE(page.details()->event()["id"].toString(), id);
        const QString text = page.details()->text();
        for (const char *field :
             {"actor:\n{", "target:\n{", "scope:\n{", "request:\n{", "payload:\n{", "metadata:\n{"})
            QVERIFY2(text.contains(field), field);
        QVERIFY(text.contains("\"name\": \"user-1\""));
        QVERIFY(text.contains("\"note\": \"a \\\"quoted\\\", comma\""));
        QVERIFY(text.contains("\"client_trace_id\": \"trace-"));

        QTest::mouseClick(page.details()->copyButton(), Qt::LeftButton);
        const ApiResult one = call(m_client, "GET", "/v1/audit/" + id);
        QVERIFY(one.ok());
        QCOMPARE(QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8()).object(),
                 one.json.object());
    }

    void exportWritesExactlyTheFilteredCsv()
    {
        AuditTableModel model(&m_client);
        AuditExport exporter(&m_client);
        AuditLogPage page(&model, &exporter);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        AuditFilter f;
        f.action = "user.logged_in";
        f.range = AuditFilter::Range::Last7Days;
        page.filterBar()->setFilter(f);
        page.applyFilter();
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        const QString file = m_out.filePath("export.csv");
        page.setAskFileName([&] { return file; });
        AuditExportDialog *dialog = page.exportCsv();
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(exporter.state(), AuditExport::State::Done, 30000);
        QVERIFY2(dialog->statusText().startsWith("Done: "), qPrintable(dialog->statusText()));
        QCOMPARE(dialog->progressBar()->value(), dialog->progressBar()->maximum());

        const ApiResult csv = call(
            m_client, "GET", "/v1/audit/export.csv?" + model.query().query(QUrl::FullyEncoded));
        QVERIFY(csv.ok());
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray bytes = written.readAll();
        QCOMPARE(bytes, csv.raw);
        QCOMPARE(exporter.rowsWritten(), qint64(bytes.count("\r\nuser.logged_in,")));
        QCOMPARE(exporter.rowsWritten(), model.total());
        QVERIFY(exporter.rowsWritten() > 100);
        dialog->close();
    }

    void newEventsShowAtTheTopOrAsAButton()
    {
        AuditTableModel model(&m_client);
        AuditExport exporter(&m_client);
        AuditLogPage page(&model, &exporter);
        page.resize(1200, 700);
        model.connectTo(QUrl(m_daemon.address()), m_daemon.token(), {});
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        QTest::qWait(1500); // the event stream is up; the page's own view event came in
        page.selectRow(3);
        const QString selected = model.idAt(3);
        QScrollBar *bar = page.view()->verticalScrollBar();
        QCOMPARE(bar->value(), 0);
        const int rows = model.rowCount();
        QVERIFY(call(m_client, "POST", "/v1/audit/import",
                     fixtureCsv(1, QDateTime::currentDateTimeUtc(), 0, 0))
                    .ok());
        // The import and its audit_log.import event: both at the top, the view stays there.
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), rows + 2, 10000);
        QTest::qWait(300);
        QCOMPARE(bar->value(), 0);
        QCOMPARE(model.idAt(page.view()->currentIndex().row()), selected);
        QVERIFY(page.newEventsButton()->isHidden());

        // Scrolled down: the rows stay in place, a button says how many came.
        bar->setValue(60);
        const QString firstVisible = model.idAt(page.view()->indexAt(QPoint(2, 2)).row());
        QVERIFY(call(m_client, "POST", "/v1/audit/import",
                     fixtureCsv(1, QDateTime::currentDateTimeUtc(), 0, 0))
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(!page.newEventsButton()->isHidden(), 10000);
        QCOMPARE(page.newEventsButton()->text(), "2 new events");
        QCOMPARE(model.idAt(page.view()->indexAt(QPoint(2, 2)).row()), firstVisible);
        QTest::mouseClick(page.newEventsButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model) && page.newEventsButton()->isHidden(), 10000);
        QCOMPARE(bar->value(), 0);
    }

    void cancelLeavesNoFile()
    {
        AuditTableModel model(&m_client);
        AuditExport exporter(&m_client);
        AuditLogPage page(&model, &exporter);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model), 20000);
        QTemporaryDir dir;
        const QString file = dir.filePath("cancelled.csv");
        page.setAskFileName([&] { return file; });
        AuditExportDialog *dialog = page.exportCsv();
        QVERIFY(dialog);
        QVERIFY(exporter.isRunning());
        QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QCOMPARE(exporter.state(), AuditExport::State::Canceled);
        QTest::qWait(500);
        QCOMPARE(dialog->statusText(), "Canceled; no file was written.");
        QVERIFY(!QFile::exists(file));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());

        // Cancelled while the rows arrive: the same.
        const QString streamed = dir.filePath("streamed.csv");
        page.setAskFileName([&] { return streamed; });
        connect(&exporter, &AuditExport::progress, this, [&] {
            if (exporter.state() == AuditExport::State::Receiving)
                exporter.cancel();
        });
        QVERIFY(page.exportCsv());
        QTRY_COMPARE_WITH_TIMEOUT(exporter.state(), AuditExport::State::Canceled, 20000);
        QVERIFY(exporter.bytesWritten() > 0);
        QTest::qWait(300);
        QVERIFY(!QFile::exists(streamed));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
        disconnect(&exporter, &AuditExport::progress, this, nullptr);

        // A file that cannot be written is said at once.
        page.setAskFileName([&] { return dir.filePath("no/such/dir/x.csv"); });
        AuditExportDialog *failed = page.exportCsv();
        QVERIFY(failed);
        QVERIFY2(failed->statusText().contains("no/such/dir"), qPrintable(failed->statusText()));
        QCOMPARE(exporter.state(), AuditExport::State::Failed);
    }
};

QTEST_MAIN(TestAuditLogPage)
#include "tst_auditlogpage.moc"
