#include "fleetspec.h"

#include <QtTest>

using namespace gantry;

class TestFleetSpec final : public QObject
{
    Q_OBJECT

private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("cpu");
        QTest::addColumn<int>("memoryMb");
        QTest::newRow("default") << QString() << 3 << 8 << 16384;
        QTest::newRow("count only") << "local:5" << 5 << 8 << 16384;
        QTest::newRow("full") << "local:2x16cpu,32g" << 2 << 16 << 32768;
        QTest::newRow("gb") << "local:1x4cpu,8gb" << 1 << 4 << 8192;
        QTest::newRow("mb") << "local:1x4cpu,6000m" << 1 << 4 << 6000;
        QTest::newRow("upper") << "LOCAL:4X8CPU,16G" << 4 << 8 << 16384;
    }
    void parses()
    {
        QFETCH(QString, text);
        const auto parsed = FleetSpec::parse(text);
        QVERIFY2(parsed.spec, qPrintable(parsed.error));
        QFETCH(int, count);
        QFETCH(int, cpu);
        QFETCH(int, memoryMb);
        QCOMPARE(parsed.spec->nodeCount(), count);
        QCOMPARE(parsed.spec->cpu(), cpu);
        QCOMPARE(parsed.spec->memoryMb(), memoryMb);
    }

    void parsesFields()
    {
        const auto parsed = FleetSpec::parse(QStringLiteral("local:2x16cpu,32g"));
        QVERIFY(parsed.spec);
        QCOMPARE(parsed.spec->nodeCount(), 2);
        QCOMPARE(parsed.spec->cpu(), 16);
        QCOMPARE(parsed.spec->memoryMb(), 32768);
        QCOMPARE(parsed.spec->toString(), QStringLiteral("local:2x16cpu,32g"));
        QCOMPARE(FleetSpec().toString(), FleetSpec::defaultText());
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("part");
        QTest::newRow("nomad") << "nomad:3"
                               << "only the local fleet";
        QTest::newRow("garbage") << "local:three"
                                 << "expected local:N or local:NxCcpu,Mg";
        QTest::newRow("zero") << "local:0"
                              << "from 1 to";
        QTest::newRow("no memory") << "local:2x8cpu"
                                   << "not understood";
        QTest::newRow("too small cpu") << "local:1x2cpu,16g"
                                       << "keeps 2 CPUs and 4 GB";
        QTest::newRow("too small mem") << "local:1x8cpu,4g"
                                       << "keeps 2 CPUs and 4 GB";
    }
    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, part);
        const auto parsed = FleetSpec::parse(text);
        QVERIFY(!parsed.spec);
        QVERIFY2(parsed.error.contains(part), qPrintable(parsed.error));
        QVERIFY(parsed.error.contains(text));
    }

    void nodes()
    {
        const FleetSpec spec(3, 8, 16384);
        const QList<Node> nodes = spec.nodes(QStringLiteral("/var/lib/gantry"));
        QCOMPARE(nodes.size(), 3);
        QCOMPARE(nodes[0].name, QStringLiteral("local-1"));
        QCOMPARE(nodes[0].resources, (NodeResources{8, 16384}));
        QCOMPARE(nodes[0].reserved, (NodeResources{2, 4096}));
        QCOMPARE(nodes[0].allocatable(), (NodeResources{6, 12288}));
        QCOMPARE(nodes[0].status, NodeStatus::Ready);
        QCOMPARE(nodes[0].eligibility, NodeEligibility::Eligible);
        QVERIFY(nodes[0].id != nodes[1].id);
    }

    void stableIds()
    {
        const QString a = FleetSpec::nodeId(QStringLiteral("/data/one"), 0);
        QCOMPARE(FleetSpec::nodeId(QStringLiteral("/data/one"), 0), a);
        QCOMPARE(FleetSpec::nodeId(QStringLiteral("/data/one/"), 0), a);
        QVERIFY(FleetSpec::nodeId(QStringLiteral("/data/two"), 0) != a);
        QVERIFY(FleetSpec::nodeId(QStringLiteral("/data/one"), 1) != a);
        QVERIFY(!QUuid::fromString(a).isNull());
        QCOMPARE(QUuid::fromString(a).version(), QUuid::Sha1);
    }
};

QTEST_GUILESS_MAIN(TestFleetSpec)
#include "tst_fleetspec.moc"
