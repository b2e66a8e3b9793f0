// The drain dialog offscreen: presets, custom deadline, no deadline and force map to the API's
// deadline_seconds, and the sentence says what happens to the running allocations.
#include "draindialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTest>

using namespace gantry;

class TestDrainDialog final : public QObject
{
    Q_OBJECT
    static QJsonObject node(const QString &name, int allocs)
    {
        return {{"id", name + "-id"}, {"name", name}, {"running_allocs", allocs}, {"drain", false}};
    }

private Q_SLOTS:
    void presetsAndCustomDeadline()
    {
        DrainDialog dialog({node("a", 2), node("b", 1)});
        QCOMPARE(dialog.request().deadlineSeconds, 3600); // the nomad CLI's default
        QVERIFY(dialog.request().enable);
        const QList<std::pair<int, qint64>> presets{
            {1, 4 * 3600}, {2, 8 * 3600}, {3, 12 * 3600}, {4, 86400}};
        for (const auto &[index, seconds] : presets) {
            dialog.presets()->setCurrentIndex(index);
            QCOMPARE(dialog.request().deadlineSeconds, seconds);
        }
        QVERIFY(dialog.customValue()->isHidden());
        dialog.presets()->setCurrentIndex(5); // Custom…
        QVERIFY(!dialog.customValue()->isHidden());
        dialog.customValue()->setValue(90);
        dialog.customUnit()->setCurrentIndex(0); // minutes
        QCOMPARE(dialog.request().deadlineSeconds, 90 * 60);
        dialog.customUnit()->setCurrentIndex(2); // days
        QCOMPARE(dialog.request().deadlineSeconds, 90 * 86400);
    }

    void sentenceSaysWhatHappens()
    {
        DrainDialog dialog({node("a", 2), node("b", 1)});
        // Plural forms come from the translation; the English source says "allocation(s)".
        QVERIFY2(dialog.consequenceText().contains("3 running allocation") &&
                     dialog.consequenceText().contains("may finish within 1 h"),
                 qPrintable(dialog.consequenceText()));
        QVERIFY(dialog.consequenceText().contains("stopped and marked lost"));
        QVERIFY(dialog.confirmButton()->text().startsWith("Drain 2 node"));

        dialog.noDeadlineButton()->setChecked(true);
        QCOMPARE(dialog.request().deadlineSeconds, 0);
        QVERIFY2(dialog.consequenceText().contains("may run to completion"),
                 qPrintable(dialog.consequenceText()));

        dialog.forceButton()->setChecked(true);
        QCOMPARE(dialog.request().deadlineSeconds, -1);
        QVERIFY(dialog.consequenceText().contains("will be stopped now"));
        QVERIFY(dialog.confirmButton()->text().startsWith("Drain and stop 3 allocation"));

        dialog.ignoreSystemJobsBox()->setChecked(true);
        QVERIFY(dialog.request().ignoreSystemJobs);
        QVERIFY(dialog.consequenceText().contains("System jobs are left running"));
        QCOMPARE(dialog.findChild<QLabel *>("consequence")->text(), dialog.consequenceText());

        // Choosing a preset goes back to a deadline.
        dialog.presets()->setCurrentIndex(2);
        QVERIFY(dialog.deadlineButton()->isChecked());
        QCOMPARE(dialog.request().deadlineSeconds, 8 * 3600);
    }

    void emptyNodesDrainAtOnce()
    {
        DrainDialog dialog({node("idle", 0)});
        QCOMPARE(dialog.windowTitle(), "Drain idle");
        QVERIFY2(dialog.consequenceText().startsWith("No allocation runs"),
                 qPrintable(dialog.consequenceText()));
        QCOMPARE(dialog.request().toJson().value("deadline_seconds").toInteger(), 3600);
    }

    void keyboardReachable()
    {
        DrainDialog dialog({node("a", 1)});
        for (QWidget *w : QList<QWidget *>{dialog.presets(), dialog.noDeadlineButton(),
                                           dialog.forceButton(), dialog.ignoreSystemJobsBox()}) {
            QVERIFY(w->focusPolicy() & Qt::TabFocus);
            QVERIFY(!w->accessibleName().isEmpty() || !w->property("text").toString().isEmpty());
        }
    }
};

QTEST_MAIN(TestDrainDialog)
#include "tst_draindialog.moc"
