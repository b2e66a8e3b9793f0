// The log viewer offscreen: follow sticks only while at the bottom, "Jump to latest" brings the
// reader back, search highlights every match, the buffer stays bounded, and — against a real
// gantryd — stdout/stderr switch and Save… writes the whole log, not only the kept lines.
#include "allocationlog.h"
#include "controlplaneclient.h"
#include "fleetactions.h"
#include "fleetdaemon.h"
#include "logviewer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>

using namespace gantry;

class TestLogViewer final : public QObject
{
    Q_OBJECT

    static QString lines(int from, int count, const QString &word = QStringLiteral("line"))
    {
        QString text;
        for (int i = from; i < from + count; ++i)
            text += QStringLiteral("%1 %2\n").arg(word).arg(i);
        return text;
    }

    static QJsonObject fetchJob(FleetActions &actions, const QString &id)
    {
        QJsonObject job;
        bool done = false;
        actions.fetchJob(id, [&](const QJsonObject &j, const QString &) {
            job = j;
            done = true;
        });
        QDeadlineTimer deadline(5000);
        while (!done && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        return job;
    }

private Q_SLOTS:
    void followSticksOnlyAtTheBottom()
    {
        ControlPlaneClient client;
        AllocationLog log(&client);
        LogViewer viewer(&log);
        viewer.resize(800, 300);
        viewer.show();
        QScrollBar *bar = viewer.editor()->verticalScrollBar();
        Q_EMIT log.appended(lines(0, 200));
        QApplication::processEvents();
        QVERIFY(viewer.isFollowing());
        QCOMPARE(bar->value(), bar->maximum());

        // The reader scrolls up: follow lets go, and new lines do not move the view.
        bar->setValue(10);
        QVERIFY(!viewer.isFollowing());
        QVERIFY(viewer.jumpButton()->isEnabled());
        Q_EMIT log.appended(lines(200, 50));
        QApplication::processEvents();
        QCOMPARE(bar->value(), 10);
        QCOMPARE(viewer.unseenLines(), 50);
        QVERIFY(viewer.jumpButton()->text().contains("50 new line"));

        viewer.jumpToLatest();
        QVERIFY(viewer.isFollowing());
        QCOMPARE(bar->value(), bar->maximum());
        Q_EMIT log.appended(lines(250, 50));
        QApplication::processEvents();
        QCOMPARE(bar->value(), bar->maximum());

        // Scrolling back to the bottom by hand resumes following as well.
        bar->setValue(0);
        QVERIFY(!viewer.isFollowing());
        bar->setValue(bar->maximum());
        QVERIFY(viewer.isFollowing());
        QVERIFY(!viewer.jumpButton()->isEnabled());
    }

    void searchHighlightsEveryMatch()
    {
        ControlPlaneClient client;
        AllocationLog log(&client);
        LogViewer viewer(&log);
        Q_EMIT log.appended(lines(0, 100) + lines(0, 3, "ERROR"));
        viewer.searchBox()->setText("ERROR");
        QTRY_COMPARE(viewer.matchCount(), 3);
        QCOMPARE(viewer.editor()->extraSelections().size(), 3);
        viewer.findNext();
        QCOMPARE(viewer.editor()->textCursor().selectedText(), "ERROR");
        viewer.searchBox()->setText("line 4");
        QTRY_COMPARE(viewer.matchCount(), 11); // 4, 40-49
        viewer.searchBox()->clear();
        QTRY_COMPARE(viewer.editor()->extraSelections().size(), 0);
    }

    void bufferIsBounded()
    {
        ControlPlaneClient client;
        AllocationLog log(&client);
        LogViewer viewer(&log);
        viewer.setMaxLines(500);
        for (int chunk = 0; chunk < 10; ++chunk)
            Q_EMIT log.appended(lines(chunk * 300, 300));
        QVERIFY(viewer.editor()->document()->blockCount() <= 501);
        QVERIFY(viewer.text().contains("line 2999"));
        QVERIFY(!viewer.text().contains("line 100\n"));
    }

    void realLogsSwitchStreamsAndSaveWhole()
    {
        FleetDaemon daemon;
        const QString error = daemon.start({"--fleet", "local:1"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        ControlPlaneClient client;
        client.setAddress(QUrl(daemon.address()));
        client.setToken(daemon.token());
        FleetActions actions(&client);
        SubmitResult submitted;
        actions.submitPipeline("version: 2\njobs:\n  noisy:\n    steps:\n      - run: i=0; while "
                               "[ $i -lt 3000 ]; do echo out $i; i=$((i+1)); done; echo oops >&2\n"
                               "workflows:\n  w:\n    jobs: [noisy]\n",
                               {}, [&](const SubmitResult &r) { submitted = r; });
        QTRY_VERIFY_WITH_TIMEOUT(submitted.ok || !submitted.error.isEmpty(), 10000);
        QVERIFY2(submitted.ok, qPrintable(submitted.error));
        QTRY_VERIFY_WITH_TIMEOUT(
            fetchJob(actions, submitted.jobIds.value(0))["status"].toString() == "dead", 15000);
        const QString allocation = fetchJob(actions, submitted.jobIds.value(0))["allocations"]
                                       .toArray()
                                       .first()
                                       .toObject()["id"]
                                       .toString();
        QVERIFY(!allocation.isEmpty());

        AllocationLog log(&client);
        LogViewer viewer(&log);
        viewer.setMaxLines(1000);
        log.open(allocation, false);
        QTRY_VERIFY_WITH_TIMEOUT(viewer.text().contains("out 2999"), 10000);
        QVERIFY(!viewer.text().contains("out 10\n"));
        QVERIFY2(viewer.statusText().contains("showing the last"), qPrintable(viewer.statusText()));

        viewer.streamBox()->setCurrentIndex(1); // stderr
        QTRY_VERIFY_WITH_TIMEOUT(viewer.text().contains("oops"), 10000);
        QVERIFY(!viewer.text().contains("out 2999"));
        viewer.streamBox()->setCurrentIndex(0);
        QTRY_VERIFY_WITH_TIMEOUT(viewer.text().contains("out 2999"), 10000);

        QTemporaryDir dir;
        const QString path = dir.filePath("noisy.log");
        viewer.saveTo(path);
        QTRY_VERIFY_WITH_TIMEOUT(viewer.statusText().contains("Saved"), 10000);
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray all = saved.readAll();
        // Every line, also the ones the bounded view dropped (plus the runner's step headers).
        QVERIFY2(all.count('\n') >= 3000, qPrintable(QString::number(all.count('\n'))));
        QVERIFY(all.contains("out 0\n") && all.contains("out 2999\n"));
    }

    // gantryd caps one plain answer at 4 MiB: Save… pages through a 9 MB log to the last byte.
    void saveWritesALogLargerThanOneAnswer()
    {
        FleetDaemon daemon;
        const QString error = daemon.start({"--fleet", "local:1"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        ControlPlaneClient client;
        client.setAddress(QUrl(daemon.address()));
        client.setToken(daemon.token());
        FleetActions actions(&client);
        SubmitResult submitted;
        actions.submitPipeline(
            "version: 2\njobs:\n  big:\n    steps:\n      - run: head -c 9000000 "
            "/dev/zero | tr '\\000' @ | fold -w 99; echo THE-END\n"
            "workflows:\n  w:\n    jobs: [big]\n",
            {}, [&](const SubmitResult &r) { submitted = r; });
        QTRY_VERIFY_WITH_TIMEOUT(submitted.ok || !submitted.error.isEmpty(), 10000);
        QVERIFY2(submitted.ok, qPrintable(submitted.error));
        QTRY_VERIFY_WITH_TIMEOUT(
            fetchJob(actions, submitted.jobIds.value(0))["status"].toString() == "dead", 30000);
        const QString allocation = fetchJob(actions, submitted.jobIds.value(0))["allocations"]
                                       .toArray()
                                       .first()
                                       .toObject()["id"]
                                       .toString();
        AllocationLog log(&client);
        log.open(allocation, false);
        QTemporaryDir dir;
        bool ok = false;
        QString message;
        log.saveTo(dir.filePath("big.log"), [&](bool success, const QString &text) {
            ok = success;
            message = text;
        });
        QTRY_VERIFY_WITH_TIMEOUT(!message.isEmpty(), 30000);
        QVERIFY2(ok, qPrintable(message));
        QFile saved(dir.filePath("big.log"));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray all = saved.readAll();
        // 9,000,000 = 90,909 folded lines of 99 and one of 9 (the step header quotes one more @).
        const qsizetype full = all.count(QByteArray(99, '@') + '\n');
        QVERIFY2(full == 90909, qPrintable(QString::number(full)));
        QVERIFY(all.contains("\n" + QByteArray(9, '@') + "THE-END")); // fold ends without a newline
    }

    // A running allocation is followed through the streamed answer, not by polling; when gantryd
    // goes away mid-stream, the log reconnects to the restarted gantryd from its last byte
    // offset: every line exactly once.
    void followStreamsAndResumesFromTheOffset()
    {
        FleetDaemon daemon;
        const QByteArray token = "log-follow-test-token";
        QString error = daemon.start({"--fleet", "local:1"}, token);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        ControlPlaneClient client;
        client.setAddress(QUrl(daemon.address()));
        client.setToken(token);
        FleetActions actions(&client);
        SubmitResult submitted;
        actions.submitPipeline("version: 2\njobs:\n  ticker:\n    steps:\n      - run: i=0; while "
                               "[ $i -lt 40 ]; do echo tick $i; i=$((i+1)); sleep 0.1; done\n"
                               "workflows:\n  w:\n    jobs: [ticker]\n",
                               {}, [&](const SubmitResult &r) { submitted = r; });
        QTRY_VERIFY_WITH_TIMEOUT(submitted.ok || !submitted.error.isEmpty(), 10000);
        QVERIFY2(submitted.ok, qPrintable(submitted.error));
        QString allocation;
        QTRY_VERIFY_WITH_TIMEOUT(
            !(allocation = fetchJob(actions, submitted.jobIds.value(0))["allocations"]
                               .toArray()
                               .first()
                               .toObject()["id"]
                               .toString())
                 .isEmpty(),
            10000);

        AllocationLog log(&client);
        log.setRetryInterval(100);
        LogViewer viewer(&log);
        log.open(allocation, true);
        QTRY_VERIFY_WITH_TIMEOUT(viewer.text().contains("tick 3\n"), 10000);
        QVERIFY(log.isFollowing());
        QVERIFY2(viewer.statusText().contains("following"), qPrintable(viewer.statusText()));
        // Lines keep coming over the one stream: no read per second.
        const int reads = log.readsMade();
        QTRY_VERIFY_WITH_TIMEOUT(viewer.text().contains("tick 12\n"), 10000);
        QCOMPARE(log.streamsOpened(), 1);
        QCOMPARE(log.readsMade(), reads);

        // gantryd dies mid-stream: the log says so and keeps what it has.
        daemon.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!log.isFollowing(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(viewer.statusText().contains("could not read more"), 10000);
        const qint64 offset = log.bytesRead();
        QVERIFY(offset > 0);
        // Back (a new port, the same data): reading resumes from the offset. The allocation
        // comes back lost, so the log ends there.
        error = daemon.start({"--fleet", "local:1"}, token);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        client.setAddress(QUrl(daemon.address()));
        QTRY_VERIFY_WITH_TIMEOUT(!log.isLive(), 15000);
        QVERIFY(log.bytesRead() >= offset);
        const QString text = viewer.text();
        for (int i = 0; i < 12; ++i)
            QCOMPARE(text.count(QStringLiteral("tick %1\n").arg(i)), 1);
        QVERIFY2(viewer.statusText().contains("finished"), qPrintable(viewer.statusText()));
    }
};

QTEST_MAIN(TestLogViewer)
#include "tst_logviewer.moc"
