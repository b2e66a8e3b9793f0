#include "livetablemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;

class TestLiveTableModel final : public QObject
{
    Q_OBJECT
    static QList<LiveTableModel::Column> columns()
    {
        return {{"id", "ID", [](const QJsonObject &o) { return o["id"].toString(); }, {}},
                {"n", "N", [](const QJsonObject &o) { return QString::number(o["n"].toInt()); },
                 [](const QJsonObject &o) { return o["n"].toInt(); }}};
    }
    static QJsonObject rec(const QString &id, int n) { return {{"id", id}, {"n", n}}; }

private Q_SLOTS:
    void batchInsertIsOneSignal()
    {
        LiveTableModel model(columns());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 1000; ++i)
            model.upsert(rec(QString::number(i), i));
        QCOMPARE(model.rowCount(), 0); // queued until the flush
        model.flush();
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowOf("737"), 737);
        QCOMPARE(model.index(5, 1).data(LiveTableModel::SortRole).toInt(), 5);
        QCOMPARE(model.index(5, 1).data().toString(), "5");
    }
    void changesMergeIntoRanges()
    {
        LiveTableModel model(columns());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 10; ++i)
            model.upsert(rec(QString::number(i), i));
        model.flush();
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (int i : {2, 3, 4, 7, 8})
            model.upsert(rec(QString::number(i), i * 10));
        model.upsert(rec("9", 9)); // unchanged: no signal
        model.flush();
        QCOMPARE(changed.count(), 2); // rows 2-4 and 7-8
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 4);
        QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(Qt::DisplayRole));
        QCOMPARE(model.index(3, 1).data().toString(), "30");
    }
    void lastWordPerIdWins()
    {
        LiveTableModel model(columns());
        model.upsert(rec("a", 1));
        model.upsert(rec("a", 2));
        model.remove("b");
        model.flush();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 1).data().toString(), "2");
        model.upsert(rec("a", 3));
        model.remove("a");
        model.flush();
        QCOMPARE(model.rowCount(), 0);
    }
    void snapshotDiffKeepsSelectionAndNeverResets()
    {
        LiveTableModel model(columns());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 6; ++i)
            model.upsert(rec(QString::number(i), i));
        model.flush();
        const QPersistentModelIndex selected = model.index(4, 0); // id "4"
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.replaceAll({rec("0", 0), rec("2", 20), rec("4", 4), rec("6", 6)});
        model.flush();
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(selected.isValid());
        QCOMPARE(selected.data().toString(), "4"); // still the same record
        for (int r = 0; r < model.rowCount(); ++r) // the index stays exact after removals
            QCOMPARE(model.rowOf(model.index(r, 0).data(LiveTableModel::IdRole).toString()), r);
        QCOMPARE(model.index(model.rowOf("2"), 1).data().toString(), "20");
        // With the ids given (a JobsModel's): the same diff.
        model.replaceAll(QList<std::pair<QString, QJsonObject>>{{"2", rec("2", 21)},
                                                                {"7", rec("7", 7)}});
        model.flush();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(model.rowOf("2"), 1).data().toString(), "21");
        QCOMPARE(model.index(model.rowOf("7"), 0).data(LiveTableModel::IdRole).toString(), "7");
        QCOMPARE(reset.count(), 0);
    }
    // A record queued again signals exactly when QJsonObject calls it different: same fields
    // built apart or in another order, numbers as int or double, nested arrays and objects,
    // nulls, strings stored as Latin-1 or UTF-16.
    void unchangedRecordsAreTheOnesQJsonObjectCallsEqual()
    {
        const QString wide = QString::fromUtf8("caf\xc3\xa9 \xe2\x86\x92");
        const QList<std::pair<QJsonObject, QJsonObject>> pairs{
            {rec("a", 1), rec("a", 1)},
            {{{"id", "a"}, {"n", 1}, {"s", "x"}}, {{"s", "x"}, {"n", 1}, {"id", "a"}}},
            {{{"id", "a"}, {"n", 1}}, {{"id", "a"}, {"n", 1.0}}},
            {{{"id", "a"}, {"n", 1}}, {{"id", "a"}, {"n", 1.5}}},
            {{{"id", "a"}, {"n", "1"}}, {{"id", "a"}, {"n", 1}}},
            {{{"id", "a"}, {"v", QJsonArray{1, 2}}}, {{"id", "a"}, {"v", QJsonArray{1, 2}}}},
            {{{"id", "a"}, {"v", QJsonArray{1, 2}}}, {{"id", "a"}, {"v", QJsonArray{1, 3}}}},
            {{{"id", "a"}, {"v", QJsonObject{{"k", true}}}},
             {{"id", "a"}, {"v", QJsonObject{{"k", true}}}}},
            {{{"id", "a"}, {"v", QJsonObject{{"k", true}}}},
             {{"id", "a"}, {"v", QJsonObject{{"k", false}}}}},
            {{{"id", "a"}, {"v", QJsonValue::Null}}, {{"id", "a"}}},
            {{{"id", "a"}, {"v", QJsonValue::Null}}, {{"id", "a"}, {"v", QJsonValue::Null}}},
            {{{"id", "a"}, {"s", wide}}, {{"id", "a"}, {"s", QString(wide)}}},
            {{{"id", "a"}, {"s", wide}}, {{"id", "a"}, {"s", QString(wide).append(u'!')}}},
            {{{"id", "a"}, {"s", "plain"}},
             QJsonDocument::fromJson(R"({"id":"a","s":"pl\u0061in"})").object()},
        };
        for (qsizetype i = 0; i < pairs.size(); ++i) {
            const auto &[first, second] = pairs[i];
            LiveTableModel model(columns());
            QAbstractItemModelTester tester(
                &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            model.upsert(first);
            model.flush();
            QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
            model.upsert(second);
            model.flush();
            QCOMPARE(LiveTableModel::sameRecord(first, second), first == second);
            QVERIFY2(changed.count() == (first == second ? 0 : 1),
                     qPrintable(QStringLiteral("pair %1").arg(i)));
            QCOMPARE(model.record(0), second == first ? first : second);
        }
    }
    // Scattered removals go run by run, bottom-up, while the rows stay stored until the last
    // one: in every signal the model must already look as the runs so far left it — row
    // count, data, records, rowOf — and after the flush, rows and index are exact.
    void scatteredRemovalsAreExactInEverySignal()
    {
        LiveTableModel model(columns());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList ids;
        for (int i = 0; i < 40; ++i) {
            ids << QString::number(i);
            model.upsert(rec(ids.last(), i));
        }
        model.flush();
        const QSet<int> going{0, 3, 4, 5, 9, 17, 18, 30, 38, 39};
        QStringList left = ids;
        int signalsSeen = 0;
        connect(&model, &QAbstractItemModel::rowsRemoved, &model,
                [&](const QModelIndex &, int first, int last) {
                    ++signalsSeen;
                    left.remove(first, last - first + 1);
                    QCOMPARE(model.rowCount(), left.size());
                    for (int r = 0; r < left.size(); ++r) {
                        QCOMPARE(model.index(r, 0).data().toString(), left[r]);
                        QCOMPARE(model.record(r)["id"].toString(), left[r]);
                        QCOMPARE(model.rowOf(left[r]), r);
                    }
                    for (const QString &id : ids)
                        if (!left.contains(id))
                            QCOMPARE(model.rowOf(id), -1);
                });
        for (const int i : going)
            model.remove(ids[i]);
        model.upsert(rec("40", 40)); // and an insert after them, in the same flush
        model.upsert(rec("20", 200));
        model.flush();
        QCOMPARE(signalsSeen, 6); // 0 | 3-5 | 9 | 17-18 | 30 | 38-39
        left.append("40");
        QCOMPARE(model.rowCount(), left.size());
        for (int r = 0; r < left.size(); ++r) {
            QCOMPARE(model.index(r, 0).data().toString(), left[r]);
            QCOMPARE(model.rowOf(left[r]), r);
        }
        QCOMPARE(model.index(model.rowOf("20"), 1).data().toString(), "200");
        // Freed places are reused by later rows, which the index finds.
        for (int i = 41; i < 60; ++i)
            model.upsert(rec(QString::number(i), i));
        model.remove("1");
        model.flush();
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.rowOf(model.index(r, 0).data().toString()), r);
    }
    // The flush applies the queue it took; a slot that queues changes from the flush's own
    // signals (a feed reacting to a row) is heard at the next flush, not lost or applied twice.
    void changesQueuedDuringAFlushWaitForTheNext()
    {
        LiveTableModel model(columns());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 4; ++i)
            model.upsert(rec(QString::number(i), i));
        model.flush();
        bool once = false;
        connect(&model, &QAbstractItemModel::dataChanged, &model, [&] {
            if (std::exchange(once, true))
                return;
            model.upsert(rec("1", 100));
            model.upsert(rec("9", 9));
            QCOMPARE(model.pendingCount(), 2);
        });
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.upsert(rec("1", 10));
        model.upsert(rec("5", 5));
        model.flush();
        QVERIFY(once);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(model.rowOf("1"), 1).data().toString(), "10");
        QCOMPARE(model.index(model.rowOf("5"), 1).data().toString(), "5");
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.pendingCount(), 2);
        model.flush();
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.index(model.rowOf("1"), 1).data().toString(), "100");
        QCOMPARE(model.rowOf("9"), 5);
    }
};

QTEST_GUILESS_MAIN(TestLiveTableModel)
#include "tst_livetablemodel.moc"
