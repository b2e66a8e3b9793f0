// A chart series of fixed size: one point per bucket, the oldest dropped, order kept across wraps.
#include "ringseries.h"

#include <QTest>

using namespace gantry;

class TestRingSeries final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void latestValuePerBucket()
    {
        RingSeries s(4, 1000);
        s.add(10'000, 1);
        s.add(10'500, 2); // same bucket: replaces
        s.add(11'000, 3);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s.points(), (QList<QPointF>{{10'000, 2}, {11'000, 3}}));
        s.add(9'000, 7); // the clock went back: ignored
        QCOMPARE(s.size(), 2);
    }

    void neverGrowsAndKeepsOrder()
    {
        RingSeries s(180, 5000);
        for (int i = 0; i < 10'000; ++i)
            s.add(qint64(i) * 5000, i);
        QCOMPARE(s.size(), 180);
        QCOMPARE(s.capacity(), 180);
        const QList<QPointF> points = s.points();
        QCOMPARE(points.first().y(), 10'000 - 180);
        QCOMPARE(points.last().y(), 9'999);
        for (int i = 1; i < points.size(); ++i)
            QVERIFY(points[i].x() > points[i - 1].x());
        QCOMPARE(s.maxValue(), 9'999);
        QCOMPARE(s.spanMs(), 180 * 5000);
        s.clear();
        QCOMPARE(s.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRingSeries)
#include "tst_ringseries.moc"
