// StartupProgress, in a child process whose stdout the test reads: a step that lasts says so
// every interval as one JSON line; quick steps say nothing; nothing comes after stop().
#include "startupprogress.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <thread>

using namespace gantry;
using namespace std::chrono_literals;

namespace {

int child()
{
    StartupProgress progress(100ms);
    for (int i = 0; i < 5; ++i) { // quick steps: nothing to say
        progress.step(QStringLiteral("quick %1").arg(i));
        std::this_thread::sleep_for(30ms);
    }
    progress.step(QStringLiteral("migrating the audit log"));
    std::this_thread::sleep_for(450ms);
    progress.stop();
    std::printf("{\"listening\":\"http://127.0.0.1:1\"}\n");
    std::fflush(stdout);
    std::this_thread::sleep_for(250ms); // a line after stop() would come now
    return 0;
}

} // namespace

class TestStartupProgress final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void longStepsSayWhatTheyDoQuickOnesNothing()
    {
        QProcess p;
        p.start(QCoreApplication::applicationFilePath(), {"--child"});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
        QVERIFY2(lines.size() >= 3, qPrintable(QString::number(lines.size())));
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            const QJsonObject said = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(said.value("starting").toString(), "migrating the audit log");
            QVERIFY(said.value("seconds").isDouble());
        }
        QCOMPARE(QJsonDocument::fromJson(lines.last()).object().value("listening").toString(),
                 "http://127.0.0.1:1");
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 2 && qstrcmp(argv[1], "--child") == 0)
        return child();
    TestStartupProgress test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_startupprogress.moc"
