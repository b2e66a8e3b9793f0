#include "circleconfigparser.h"

#include <QtTest>

using namespace gantry;

class TestCircleConfigParser final : public QObject
{
    Q_OBJECT

private:
    static CircleConfigParser::Result parse(const QByteArray &yaml)
    {
        return CircleConfigParser().parse(yaml);
    }
    static void expectError(const QByteArray &yaml, int line, int column, const QString &part)
    {
        const auto result = parse(yaml);
        QVERIFY2(!result.ok(), "expected an error");
        bool found = false;
        for (const ConfigError &e : result.errors)
            found |=
                e.line == line && (column == 0 || e.column == column) && e.message.contains(part);
        QVERIFY2(found,
                 qPrintable(QStringLiteral("no error at line %1 column %2 with '%3'; got:\n%4")
                                .arg(line)
                                .arg(column)
                                .arg(part, result.errorText())));
    }

private slots:
    void goodConfig()
    {
        const QByteArray yaml = R"(version: 2.1
jobs:
  build:
    docker:
      - image: cimg/base:2024.01
    resource_class: large
    parallelism: 3
    environment:
      GREETING: hello
      EMPTY:
    steps:
      - checkout
      - run: echo "$GREETING"
      - run:
          name: Tests
          command: |
            make test
            echo done
          no_output_timeout: 30s
          environment:
            STEP_VAR: 1
          when: always
      - save_cache:
          key: v1
          paths: [node_modules]
      - store_test_results:
          path: results
  deploy:
    machine: true
    steps:
      - run: ./deploy.sh
workflows:
  version: 2
  main:
    jobs:
      - build
      - hold:
          type: approval
          requires: [build]
      - deploy:
          requires:
            - hold
          context: prod
)";
        const auto result = parse(yaml);
        QVERIFY2(result.ok(), qPrintable(result.errorText()));
        const CircleConfig &c = *result.config;
        QCOMPARE(c.version, QStringLiteral("2.1"));
        QCOMPARE(c.jobs.size(), 2);
        const JobSpec &build = c.jobs[0];
        QCOMPARE(build.name, QStringLiteral("build"));
        QCOMPARE(build.executor, QStringLiteral("docker"));
        QCOMPARE(build.executorImage, QStringLiteral("cimg/base:2024.01"));
        QCOMPARE(build.resourceClass, QStringLiteral("large"));
        QCOMPARE(build.parallelism, 3);
        QCOMPARE(build.environment.size(), 2);
        QCOMPARE(build.environment[0],
                 qMakePair(QStringLiteral("GREETING"), QStringLiteral("hello")));
        QCOMPARE(build.steps.size(), 5);
        QCOMPARE(build.steps[0].kind, StepSpec::Kind::Checkout);
        QCOMPARE(build.steps[1].kind, StepSpec::Kind::Run);
        QCOMPARE(build.steps[1].command, QStringLiteral("echo \"$GREETING\""));
        QCOMPARE(build.steps[1].name, QStringLiteral("echo \"$GREETING\""));
        QCOMPARE(build.steps[1].noOutputTimeoutMs, 600'000);
        QCOMPARE(build.steps[2].name, QStringLiteral("Tests"));
        QCOMPARE(build.steps[2].command, QStringLiteral("make test\necho done\n"));
        QCOMPARE(build.steps[2].noOutputTimeoutMs, 30'000);
        QCOMPARE(build.steps[2].when, StepSpec::When::Always);
        QCOMPARE(build.steps[2].environment.size(), 1);
        QCOMPARE(build.steps[3].kind, StepSpec::Kind::Skipped);
        QCOMPARE(build.steps[3].name, QStringLiteral("save_cache"));
        QCOMPARE(build.steps[4].kind, StepSpec::Kind::Skipped);
        QCOMPARE(c.jobs[1].executor, QStringLiteral("machine"));
        QCOMPARE(c.jobs[1].resourceClass, QStringLiteral("medium"));
        QCOMPARE(c.workflows.size(), 1);
        const WorkflowSpec &wf = c.workflows[0];
        QCOMPARE(wf.name, QStringLiteral("main"));
        QCOMPARE(wf.jobs.size(), 3);
        QVERIFY(wf.jobs[1].approval);
        QCOMPARE(wf.jobs[1].requiredJobs, QStringList{QStringLiteral("build")});
        QCOMPARE(wf.jobs[2].requiredJobs, QStringList{QStringLiteral("hold")});
        QCOMPARE(CircleConfigParser::chooseWorkflow(c, {}).workflow, &wf);
    }

    void withoutWorkflowsRunsBuild()
    {
        const auto result = parse("version: 2\njobs:\n  build:\n    steps:\n      - run: true\n");
        QVERIFY2(result.ok(), qPrintable(result.errorText()));
        QCOMPARE(result.config->workflows.size(), 1);
        QCOMPARE(result.config->workflows[0].jobs[0].name, QStringLiteral("build"));
    }

    void yamlSyntax()
    {
        expectError("version: 2\njobs:\n  build: [\n    steps\n", 5, 0,
                    QStringLiteral("YAML syntax"));
        const auto result = parse("version: 2\njobs:\n  a: {b: c\n");
        QVERIFY(!result.ok());
        QVERIFY(result.errors[0].toString().startsWith(QStringLiteral("line ")));
    }

    void unknownKeys()
    {
        expectError("version: 2\nfoo: 1\njobs:\n  build:\n    steps: [checkout]\n", 2, 1,
                    QStringLiteral("unknown key 'foo'"));
        expectError("version: 2\njobs:\n  build:\n    stepz: []\n    steps: [checkout]\n", 4, 5,
                    QStringLiteral("unknown key 'stepz' in job 'build'"));
        expectError("version: 2\njobs:\n  build:\n    steps:\n      - run:\n          command: x\n"
                    "          colour: red\n",
                    7, 11, QStringLiteral("unknown key 'colour'"));
        expectError("version: 2\njobs:\n  build:\n    steps:\n      - frobnicate\n", 5, 9,
                    QStringLiteral("unknown step 'frobnicate'"));
    }

    void orbs()
    {
        expectError("version: 2.1\norbs:\n  node: circleci/node@5\njobs:\n  build:\n    steps: "
                    "[checkout]\n",
                    2, 1, QStringLiteral("orbs are not supported"));
    }

    void unknownResourceClass()
    {
        const QByteArray yaml =
            "version: 2\njobs:\n  build:\n    resource_class: huge\n    steps: [checkout]\n";
        expectError(yaml, 4, 21, QStringLiteral("unknown resource class 'huge'"));
        expectError(yaml, 4, 21, QStringLiteral("small, medium, medium+, large, xlarge"));
    }

    void requiresUnknownJob()
    {
        expectError("version: 2\njobs:\n  a:\n    steps: [checkout]\nworkflows:\n  w:\n    jobs:\n"
                    "      - a:\n          requires: [nope]\n",
                    8, 9, QStringLiteral("requires 'nope'"));
        expectError("version: 2\njobs:\n  a:\n    steps: [checkout]\nworkflows:\n  w:\n    jobs:\n"
                    "      - b\n",
                    8, 9, QStringLiteral("'b', which is not defined"));
    }

    void cycle()
    {
        const QByteArray yaml = R"(version: 2
jobs:
  a:
    steps: [checkout]
  b:
    steps: [checkout]
  c:
    steps: [checkout]
workflows:
  w:
    jobs:
      - a:
          requires: [c]
      - b:
          requires: [a]
      - c:
          requires: [b]
)";
        const auto result = parse(yaml);
        QCOMPARE(result.errors.size(), 1);
        QVERIFY2(result.errors[0].message.contains(QStringLiteral("cycle")),
                 qPrintable(result.errorText()));
        QVERIFY(result.errors[0].message.contains(QStringLiteral("a requires c requires b "
                                                                 "requires a")));
        QCOMPARE(result.errors[0].line, 12);
    }

    void badValues()
    {
        expectError("version: 2\njobs:\n  build:\n    parallelism: 0\n    steps: [checkout]\n", 4,
                    18, QStringLiteral("parallelism"));
        expectError("version: 3\njobs:\n  build:\n    steps: [checkout]\n", 1, 10,
                    QStringLiteral("version '3'"));
        expectError("version: 2\njobs:\n  build:\n    steps:\n      - run:\n          command: x\n"
                    "          no_output_timeout: soon\n",
                    7, 30, QStringLiteral("no_output_timeout"));
        expectError("version: 2\njobs:\n  build:\n    working_directory: /etc\n    steps: "
                    "[checkout]\n",
                    4, 24, QStringLiteral("leaves the allocation directory"));
    }

    void neverFitsHook()
    {
        CircleConfigParser parser;
        parser.setFitCheck([](const ResourceClass &rc) -> std::optional<QString> {
            if (rc.cpu > 4)
                return QStringLiteral("too big");
            return std::nullopt;
        });
        const auto result = parser.parse("version: 2\njobs:\n  build:\n    resource_class: xlarge\n"
                                         "    steps: [checkout]\n");
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors[0].line, 4);
        QVERIFY(result.errors[0].message.contains(QStringLiteral("can never run: too big")));
    }

    void durations()
    {
        QCOMPARE(CircleConfigParser::parseDurationMs(QStringLiteral("10m")), 600'000);
        QCOMPARE(CircleConfigParser::parseDurationMs(QStringLiteral("1.5h")), 5'400'000);
        QCOMPARE(CircleConfigParser::parseDurationMs(QStringLiteral("1m30s")), 90'000);
        QCOMPARE(CircleConfigParser::parseDurationMs(QStringLiteral("500ms")), 500);
        QCOMPARE(CircleConfigParser::parseDurationMs(QStringLiteral("20")), 20'000);
        QVERIFY(!CircleConfigParser::parseDurationMs(QStringLiteral("soon")));
        QVERIFY(!CircleConfigParser::parseDurationMs(QStringLiteral("0s")));
    }

    void chooseWorkflow()
    {
        const auto result = parse("version: 2\njobs:\n  a:\n    steps: [checkout]\nworkflows:\n"
                                  "  one:\n    jobs: [a]\n  two:\n    jobs: [a]\n");
        QVERIFY2(result.ok(), qPrintable(result.errorText()));
        const auto none = CircleConfigParser::chooseWorkflow(*result.config, {});
        QVERIFY(!none.workflow);
        QVERIFY(none.error.contains(QStringLiteral("one, two")));
        QCOMPARE(CircleConfigParser::chooseWorkflow(*result.config, QStringLiteral("two"))
                     .workflow->name,
                 QStringLiteral("two"));
        QVERIFY(!CircleConfigParser::chooseWorkflow(*result.config, QStringLiteral("x")).workflow);
    }
};

QTEST_GUILESS_MAIN(TestCircleConfigParser)
#include "tst_circleconfigparser.moc"
