#include "api/eventlog.h"

#include <QJsonDocument>
#include <QTest>

using namespace gantry;

class TestEventLog final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void indexesGrowByOne()
    {
        EventLog log(10, 100);
        QCOMPARE(log.lastIndex(), 99);
        QCOMPARE(log.append("Node", "updated", {}).event.index, 100);
        QCOMPARE(log.append("Job", "updated", {}).event.index, 101);
        QCOMPARE(log.lastIndex(), 101);
    }
    void frameIsSse()
    {
        EventLog log(10, 7);
        const auto &e = log.append("Job", "updated", QJsonObject{{"id", "j1"}});
        QVERIFY(e.frame.startsWith("id: 7\ndata: {"));
        QVERIFY(e.frame.endsWith("}\n\n"));
        QCOMPARE(e.frame.count('\n'), 3); // compact JSON: one data line
        const QByteArray json = e.frame.mid(e.frame.indexOf("data: ") + 6).trimmed();
        QCOMPARE(QJsonDocument::fromJson(json).object()["payload"].toObject()["id"].toString(),
                 "j1");
    }
    void sinceReturnsExactlyWhatWasMissed()
    {
        EventLog log(10, 1);
        for (int i = 0; i < 5; ++i)
            log.append("Node", "updated", {});
        auto missed = log.since(2);
        QVERIFY(missed);
        QCOMPARE(missed->size(), size_t(3));
        QCOMPARE(missed->front()->event.index, 3);
        QCOMPARE(log.since(5)->size(), size_t(0)); // up to date
        QCOMPARE(log.since(0)->size(), size_t(5)); // everything, all still held
    }
    void evictedOrForeignIndexMeansResync()
    {
        EventLog log(3, 1);
        for (int i = 0; i < 6; ++i)
            log.append("Node", "updated", {}); // holds 4, 5, 6
        QCOMPARE(log.oldestIndex(), 4);
        QVERIFY(!log.since(2));   // 3 is gone
        QVERIFY(log.since(3));    // 4.. still there
        QVERIFY(!log.since(999)); // from the future: another gantryd's index
    }
};

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
