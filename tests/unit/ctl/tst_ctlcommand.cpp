#include "ctlcommand.h"

#include <QTest>

using namespace gantry;

class TestCtlCommand final : public QObject
{
    Q_OBJECT
    static CtlCommand drain()
    {
        return {{"node", "drain"},
                "-enable|-disable [-deadline 1h] [-yes] NODE",
                "drain a node",
                {{"enable", false, ""},
                 {"disable", false, ""},
                 {"deadline", true, ""},
                 {"yes", false, ""}},
                1,
                1,
                {}};
    }

private Q_SLOTS:
    void flagForms()
    {
        QString why;
        for (const QStringList &args : {QStringList{"-enable", "-deadline", "1h", "n1"},
                                        QStringList{"--enable", "--deadline=1h", "n1"},
                                        QStringList{"n1", "-deadline", "1h", "-enable"}}) {
            const auto inv = drain().parse(args, &why);
            QVERIFY2(inv, qPrintable(why));
            QVERIFY(inv->has("enable"));
            QCOMPARE(inv->value("deadline"), "1h");
            QCOMPARE(inv->positionals, QStringList{"n1"});
        }
    }
    void errorsNameTheProblem_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown") << QStringList{"-frob", "n1"}
                                 << "unknown flag -frob (known: -enable";
        QTest::newRow("no value") << QStringList{"n1", "-deadline"} << "-deadline needs a value";
        QTest::newRow("value on switch") << QStringList{"-yes=1", "n1"} << "-yes takes no value";
        QTest::newRow("missing") << QStringList{"-enable"} << "missing argument";
        QTest::newRow("extra") << QStringList{"n1", "n2"} << "unexpected argument \"n2\"";
    }
    void errorsNameTheProblem()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QString why;
        QVERIFY(!drain().parse(args, &why));
        QVERIFY2(why.contains(expected), qPrintable(why));
        QVERIFY(why.startsWith("node drain: "));
    }
    void doubleDashEndsFlags()
    {
        QString why;
        const auto inv = drain().parse({"--", "-weird-node"}, &why);
        QVERIFY(inv);
        QCOMPARE(inv->positionals, QStringList{"-weird-node"});
    }
    void registryFindsTheLongestMatch()
    {
        qsizetype used = 0;
        const CtlCommand *c = CtlRegistry::find({"health", "x"}, &used);
        QVERIFY(c);
        QCOMPARE(c->name(), "health");
        QCOMPARE(used, 1);
        QVERIFY(!CtlRegistry::find({"nope"}, &used));
        QVERIFY(CtlRegistry::overview().contains("version"));
    }
};

QTEST_GUILESS_MAIN(TestCtlCommand)
#include "tst_ctlcommand.moc"
