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
        const QList<Node> nodes = spec.nodes(FleetSpec::newFleetId());
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
        const QString fleet = FleetSpec::newFleetId();
        const QString a = FleetSpec::nodeId(fleet, 0);
        QCOMPARE(FleetSpec::nodeId(fleet, 0), a);
        QVERIFY(FleetSpec::nodeId(FleetSpec::newFleetId(), 0) != a);
        QVERIFY(FleetSpec::nodeId(fleet, 1) != a);
        QVERIFY(!QUuid::fromString(a).isNull());
        QCOMPARE(QUuid::fromString(a).version(), QUuid::Sha1);
        QVERIFY(FleetSpec::newFleetId() != fleet);
    }

    void indexFromName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("index");
        QTest::newRow("first") << "local-1" << 0;
        QTest::newRow("large") << "local-10000" << 9999;
        QTest::newRow("zero") << "local-0" << -1;
        QTest::newRow("leading zero") << "local-01" << -1;
        QTest::newRow("other") << "build-box" << -1;
        QTest::newRow("suffix") << "local-3x" << -1;
        QTest::newRow("huge") << "local-99999999999" << -1;
    }
    void indexFromName()
    {
        QFETCH(QString, name);
        QFETCH(int, index);
        Node node;
        node.name = name;
        QCOMPARE(FleetSpec::indexOf(node).value_or(-1), index);
    }

    void planFreshFleet()
    {
        const QString fleet = FleetSpec::newFleetId();
        const FleetNodePlan plan = FleetSpec(3, 8, 16384).plan(fleet, {});
        QCOMPARE(plan.fleetId, fleet);
        QCOMPARE(plan.nodes, FleetSpec(3, 8, 16384).nodes(fleet));
        QCOMPARE(plan.nextIndex, 3);
        QVERIFY(plan.dropped.isEmpty());
        QVERIFY(plan.problems.isEmpty());
    }

    void planKeepsStoredIdsAndState()
    {
        // Stored by an earlier run, in any order, with ids that did not come from this fleet id
        // (a database from before fleet ids) and a smaller capacity.
        const FleetSpec earlier(4, 4, 8192);
        QList<Node> stored;
        for (int i = 3; i >= 0; --i) {
            Node n = earlier.node(QStringLiteral("/old/data/dir"), i);
            stored << n;
        }
        stored[1].drain = true; // local-3
        stored[1].eligibility = NodeEligibility::Ineligible;
        stored[1].drainDeadline = QDateTime::currentDateTimeUtc().addSecs(600);
        stored[2].eligibility = NodeEligibility::Ineligible; // local-2

        const QString fleet = FleetSpec::newFleetId();
        const FleetNodePlan plan = FleetSpec(2, 8, 16384).plan(fleet, stored);
        // Fewer nodes asked for: the stored ones beyond stay, by index.
        QCOMPARE(plan.nodes.size(), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(plan.nodes[i].id, earlier.node(QStringLiteral("/old/data/dir"), i).id);
            QCOMPARE(plan.nodes[i].name, QStringLiteral("local-%1").arg(i + 1));
            QCOMPARE(plan.nodes[i].resources, (NodeResources{8, 16384})); // the current spec
        }
        QVERIFY(plan.nodes[2].drain);
        QCOMPARE(plan.nodes[2].drainDeadline, stored[1].drainDeadline);
        QCOMPARE(plan.nodes[2].eligibility, NodeEligibility::Ineligible);
        QCOMPARE(plan.nodes[1].eligibility, NodeEligibility::Ineligible);
        QVERIFY(!plan.nodes[1].drain);
        QCOMPARE(plan.nodes[0].eligibility, NodeEligibility::Eligible);
        QCOMPARE(plan.nextIndex, 4);
        QVERIFY(plan.dropped.isEmpty());

        // More nodes asked for: the new ones get ids from the fleet id.
        const FleetNodePlan more = FleetSpec(6, 8, 16384).plan(fleet, stored);
        QCOMPARE(more.nodes.size(), 6);
        QCOMPARE(more.nodes[3].id, plan.nodes[3].id);
        QCOMPARE(more.nodes[4].id, FleetSpec::nodeId(fleet, 4));
        QCOMPARE(more.nodes[5].name, QStringLiteral("local-6"));
        QCOMPARE(more.nextIndex, 6);
    }

    void planKeepsGapsBeyondN()
    {
        // local-1, local-2 and local-5 stored: local-3 and local-4 were removed through the API.
        const QString fleet = FleetSpec::newFleetId();
        const FleetSpec spec(2, 8, 16384);
        const QList<Node> stored{spec.node(fleet, 4), spec.node(fleet, 0), spec.node(fleet, 1)};
        const FleetNodePlan plan = spec.plan(fleet, stored);
        QCOMPARE(plan.nodes.size(), 3);
        QCOMPARE(plan.nodes[2].name, QStringLiteral("local-5"));
        QCOMPARE(plan.nodes[2].id, FleetSpec::nodeId(fleet, 4));
        QCOMPARE(plan.nextIndex, 5);
        // A spec node removed through the API comes back, with the id it had.
        const FleetNodePlan three = FleetSpec(3, 8, 16384).plan(fleet, stored);
        QCOMPARE(three.nodes.size(), 4);
        QCOMPARE(three.nodes[2].id, FleetSpec::nodeId(fleet, 2));
    }

    void planDropsWhatHasNoPlace()
    {
        // What a database multiplied by path-derived ids looks like: every name twice (the ids
        // of two paths), and names far beyond any fleet.
        const FleetSpec spec(3, 8, 16384);
        QList<Node> stored;
        for (const char *path : {"/data/a", "/data/b"}) {
            for (int i = 0; i < 5; ++i)
                stored << spec.node(QString::fromLatin1(path), i);
        }
        stored << spec.node(QStringLiteral("/data/b"), FleetSpec::kMaxNodes + 7);
        Node foreign = spec.node(QStringLiteral("/data/b"), 0);
        foreign.id = QStringLiteral("foreign");
        foreign.name = QStringLiteral("someone-else");
        stored << foreign;

        const FleetNodePlan plan = spec.plan(FleetSpec::newFleetId(), stored);
        QCOMPARE(plan.nodes.size(), 5);
        QStringList kept;
        for (int i = 0; i < 5; ++i) {
            const QString a = FleetSpec::nodeId(QStringLiteral("/data/a"), i);
            const QString b = FleetSpec::nodeId(QStringLiteral("/data/b"), i);
            QCOMPARE(plan.nodes[i].id, std::min(a, b));
            QVERIFY(plan.dropped.contains(std::max(a, b)));
            kept << plan.nodes[i].id;
        }
        QCOMPARE(plan.dropped.size(), 7);
        QVERIFY(plan.dropped.contains(QStringLiteral("foreign")));
        QCOMPARE(plan.problems.size(), 3);
        QCOMPARE(plan.nextIndex, 5);
    }

    void planIsLinear()
    {
        // 100,000 stored nodes, most of them beyond kMaxNodes: one sort, no search per node (a
        // quadratic plan would not finish within the test's timeout).
        const FleetSpec spec(3, 8, 16384);
        const QString fleet = FleetSpec::newFleetId();
        QList<Node> stored;
        stored.reserve(100'000);
        for (int i = 0; i < 100'000; ++i)
            stored << spec.node(fleet, i);
        const FleetNodePlan plan = spec.plan(fleet, stored);
        QCOMPARE(plan.nodes.size(), FleetSpec::kMaxNodes);
        QCOMPARE(plan.dropped.size(), 100'000 - FleetSpec::kMaxNodes);
        QCOMPARE(plan.nodes.last().name, QStringLiteral("local-%1").arg(FleetSpec::kMaxNodes));
    }
};

QTEST_GUILESS_MAIN(TestFleetSpec)
#include "tst_fleetspec.moc"
