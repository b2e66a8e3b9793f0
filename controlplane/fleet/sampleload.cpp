#include "sampleload.h"

#include "localfleet.h"

#include <QDateTime>

namespace gantry {

SampleLoad::SampleLoad(LocalFleet &fleet, QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
    , m_random(QRandomGenerator::securelySeeded())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SampleLoad::submitOne);
}

void SampleLoad::start()
{
    submitOne();
}

int SampleLoad::nextDelayMs()
{
    // Busier on weekday working hours, as real CI is.
    const QDateTime now = QDateTime::currentDateTime();
    const bool busy =
        now.date().dayOfWeek() <= 5 && now.time().hour() >= 8 && now.time().hour() < 19;
    return busy ? m_random.bounded(3000, 9000) : m_random.bounded(10000, 30000);
}

QByteArray SampleLoad::makeConfig()
{
    static const char *kClasses[] = {"small", "medium", "medium", "medium+", "large"};
    static const char *kProjects[] = {"api", "web", "billing", "mobile", "search", "infra"};
    const QByteArray project = kProjects[m_random.bounded(int(std::size(kProjects)))];
    const QByteArray testClass = kClasses[m_random.bounded(int(std::size(kClasses)))];
    const int buildSeconds = m_random.bounded(3, 15);
    const int testSeconds = m_random.bounded(5, 40);
    const int parallelism = m_random.bounded(10) < 3 ? m_random.bounded(2, 4) : 1;
    const bool fails = m_random.bounded(100) < 12;
    const bool approval = m_random.bounded(100) < 10;
    QByteArray yaml = "version: 2.1\njobs:\n"
                      "  build:\n"
                      "    docker:\n      - image: cimg/base:stable\n"
                      "    resource_class: small\n"
                      "    steps:\n"
                      "      - checkout\n"
                      "      - run:\n          name: Build " +
                      project +
                      "\n"
                      "          command: |\n"
                      "            echo \"building " +
                      project +
                      "\"\n"
                      "            for i in $(seq 1 " +
                      QByteArray::number(buildSeconds) +
                      "); do echo \"compile unit $i\"; sleep 1; done\n"
                      "  test:\n"
                      "    docker:\n      - image: cimg/base:stable\n"
                      "    resource_class: " +
                      testClass +
                      "\n"
                      "    parallelism: " +
                      QByteArray::number(parallelism) +
                      "\n"
                      "    steps:\n"
                      "      - run:\n          name: Run tests\n"
                      "          command: |\n"
                      "            echo \"slice $CIRCLE_NODE_INDEX of $CIRCLE_NODE_TOTAL\"\n"
                      "            for i in $(seq 1 " +
                      QByteArray::number(testSeconds) +
                      "); do echo \"test $i ok\"; sleep 1; done\n";
    if (fails)
        yaml += "            echo 'assertion failed: expected 200, got 500' >&2; exit 1\n";
    yaml += "      - store_test_results:\n          path: test-results\n"
            "  deploy:\n"
            "    docker:\n      - image: cimg/base:stable\n"
            "    resource_class: small\n"
            "    steps:\n"
            "      - run: echo deploying " +
            project +
            " && sleep 2\n"
            "workflows:\n"
            "  " +
            project +
            ":\n"
            "    jobs:\n"
            "      - build\n"
            "      - test:\n          requires: [build]\n";
    if (approval)
        yaml += "      - hold:\n          type: approval\n          requires: [test]\n"
                "      - deploy:\n          requires: [hold]\n";
    else
        yaml += "      - deploy:\n          requires: [test]\n";
    return yaml;
}

void SampleLoad::submitOne()
{
    const FleetSubmitResult result = m_fleet.submitConfig(makeConfig());
    if (result.ok())
        ++m_submitted;
    else
        qWarning("sample load: %s", qPrintable(result.errorText()));
    m_timer.start(nextDelayMs());
}

} // namespace gantry
