#include "settings/draftparser.h"
#include "settings/proxyconfig.h"
#include "settings/renderers.h"
#include "settings/settingsvalidator.h"
#include "settings/validators.h"
#include "testschema.h"

#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace gantry;

namespace {

const char kBanner[] =
    "Written by Gantry from settings version 7; changes made here are replaced at the next apply.";

const QByteArray kFull =
    "general: {hostname: ci.example.com, circle_url: \"https://ci.example.com\"}\n"
    "vm_provider:\n"
    "  provider: aws_ec2\n"
    "  aws_region: us-west-2\n"
    "  ec2_subnet_id: subnet-0a1b2c3d\n"
    "  ec2_security_group_id: sg-0a1b2c3d\n"
    "proxy:\n"
    "  http_proxy: http://10.0.0.33:3128\n"
    "  no_proxy: [10.0.1.238, .s3.amazonaws.com, localhost, 10.0.0.0/8]\n"
    "github: {url: \"https://ghe.example.com\"}\n"
    "customizations:\n"
    "  jvm_heap_size: 4g\n"
    "  frontend_jvm_heap_size: 2g\n"
    "  extra_env: {B_VAR: two, A_VAR: one}\n"
    "metrics:\n"
    "  global_tags: {Env: staging}\n"
    "  cloudwatch:\n"
    "    enabled: true\n"
    "    auth: iam_user\n"
    "    access_key_id: AKIAIOSFODNN7EXAMPLE\n"
    "    secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    "  datadog: {enabled: true, api_key: 0123456789abcdef0123456789abcdef}\n"
    "  custom:\n"
    "    enabled: true\n"
    "    telegraf_config: \"[[outputs.influxdb]]\\nurl = "
    "\\\"http://52.67.66.155:8086\\\"\\ndatabase = \\\"testdb\\\"\"\n";

} // namespace

class TestRenderers final : public QObject
{
    Q_OBJECT
private:
    SettingsSchema m_schema = test::loadSchema();

    SettingsDocument document(const QByteArray &yaml)
    {
        const SettingsDraft draft = DraftParser::parse(m_schema, yaml);
        if (!draft.ok())
            qFatal("bad test draft: %s", qPrintable(draft.errors[0].message));
        return DraftParser::resolve(draft, {});
    }

    QMap<QString, RenderedFile> render(const SettingsDocument &doc)
    {
        QMap<QString, RenderedFile> files;
        for (const RenderedFile &f : Renderers::renderAll(RenderContext(m_schema, doc, 7)))
            files.insert(f.path, f);
        return files;
    }

    // Sources `file` in /bin/sh and prints $name: what any service reading it would get.
    static QByteArray sourced(const QString &file, const QString &name)
    {
        QProcess sh;
        sh.start("/bin/sh", {"-c", QStringLiteral(". '%1'; printf %s \"$%2\"").arg(file, name)});
        sh.waitForFinished(10000);
        return sh.readAllStandardOutput();
    }

private Q_SLOTS:
    void fullDocumentIsValid()
    {
        const auto errors = SettingsValidator::validate(m_schema, document(kFull));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).message));
    }

    void effectiveNoProxyAndJvmOpts()
    {
        const SettingsDocument doc = document(kFull);
        const ProxyConfig proxy = ProxyConfig::from(RenderContext(m_schema, doc, 7));
        QCOMPARE(proxy.noProxyText(), "169.254.169.254,10.0.1.238,.s3.amazonaws.com,localhost,"
                                      "10.0.0.0/8,127.0.0.1,ci.example.com,ghe.example.com");
        QCOMPARE(proxy.jvmOpts(),
                 "-Dhttp.proxyHost=10.0.0.33 -Dhttp.proxyPort=3128 -Dhttps.proxyHost=10.0.0.33 "
                 "-Dhttps.proxyPort=3128 -Dhttp.nonProxyHosts=169.254.169.254|10.0.1.238|"
                 "*.s3.amazonaws.com|localhost|127.0.0.1|ci.example.com|ghe.example.com");
        // Not on EC2: no metadata address; github.com by default.
        const SettingsDocument onHost =
            document("general: {hostname: 10.0.1.238}\nproxy: {http_proxy: 'http://p:1', "
                     "https_proxy: 'https://q:2', no_proxy: [10.0.1.238]}\n");
        const ProxyConfig p2 = ProxyConfig::from(RenderContext(m_schema, onHost, 1));
        QCOMPARE(p2.noProxyText(), "10.0.1.238,127.0.0.1,localhost,github.com");
        QVERIFY(p2.jvmOpts().startsWith("-Dhttp.proxyHost=p -Dhttp.proxyPort=1 "
                                        "-Dhttps.proxyHost=q -Dhttps.proxyPort=2 "));
    }

    void goldenCustomizations()
    {
        const auto files = render(document(kFull));
        const RenderedFile f = files.value("circle-installation-customizations");
        QVERIFY(!f.secret);
        const QString nonProxy = "169.254.169.254|10.0.1.238|*.s3.amazonaws.com|localhost|"
                                 "127.0.0.1|ci.example.com|ghe.example.com";
        const QString expected =
            QStringLiteral("# ") + kBanner + "\n" +
            "export CIRCLE_URL=\"https://ci.example.com\"\n"
            "export JVM_HEAP_SIZE=\"4g\"\n"
            "export HTTP_PROXY=\"http://10.0.0.33:3128\"\n"
            "export HTTPS_PROXY=\"http://10.0.0.33:3128\"\n"
            "export NO_PROXY=\"169.254.169.254,10.0.1.238,.s3.amazonaws.com,localhost,10.0.0.0/8,"
            "127.0.0.1,ci.example.com,ghe.example.com\"\n"
            "export JVM_OPTS=\"-Dhttp.proxyHost=10.0.0.33 -Dhttp.proxyPort=3128 "
            "-Dhttps.proxyHost=10.0.0.33 -Dhttps.proxyPort=3128 -Dhttp.nonProxyHosts=" +
            nonProxy + "\"\nexport A_VAR=\"one\"\nexport B_VAR=\"two\"\n";
        QCOMPARE(QString::fromUtf8(f.content), expected);
    }

    void goldenEnvironmentAndReplicated()
    {
        const auto files = render(document(kFull));
        const QString env = QString::fromUtf8(files.value("environment").content);
        QVERIFY(env.startsWith(QStringLiteral("# BEGIN gantry proxy: ") + kBanner +
                               "\n"
                               "HTTP_PROXY=\"http://10.0.0.33:3128\"\n"
                               "HTTPS_PROXY=\"http://10.0.0.33:3128\"\n"
                               "NO_PROXY=\"169.254.169.254,"));
        QVERIFY(env.contains("\nhttp_proxy=\"http://10.0.0.33:3128\"\n"));
        QVERIFY(env.contains("\nJVM_OPTS=\"-Dhttp.proxyHost=10.0.0.33 "));
        QVERIFY(env.endsWith("# END gantry proxy\n"));
        QCOMPARE(files.value("replicated.conf").content,
                 QByteArray("{\n    \"HttpProxy\": \"http://10.0.0.33:3128\"\n}\n"));
        // Without a proxy: an empty block and an empty replicated.conf.
        const auto none = render(document("general: {hostname: ci.example.com}\n"));
        QCOMPARE(none.value("environment").content,
                 QByteArray("# BEGIN gantry proxy: ") + kBanner + "\n# END gantry proxy\n");
        QCOMPARE(none.value("replicated.conf").content, QByteArray("{\n}\n"));
        QCOMPARE(none.value("circle-installation-customizations").content,
                 QByteArray("# ") + kBanner + "\n");
    }

    void goldenTelegraf()
    {
        const auto files = render(document(kFull));
        const RenderedFile cw = files.value("telegraf/cloudwatch.conf");
        QVERIFY(cw.secret);
        QCOMPARE(QString::fromUtf8(cw.content),
                 QStringLiteral("# ") + kBanner +
                     "\n[global_tags]\n  \"Env\" = \"staging\"\n\n[[outputs.cloudwatch]]\n"
                     "  region = \"us-west-2\"\n  namespace = \"ci_metrics\"\n"
                     "  access_key = \"AKIAIOSFODNN7EXAMPLE\"\n"
                     "  secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n");
        const RenderedFile dd = files.value("telegraf/datadog.conf");
        QVERIFY(dd.secret);
        QCOMPARE(QString::fromUtf8(dd.content),
                 QStringLiteral("# ") + kBanner +
                     "\n[global_tags]\n  \"Env\" = \"staging\"\n\n[[outputs.datadog]]\n"
                     "  apikey = \"0123456789abcdef0123456789abcdef\"\n");
        const RenderedFile custom = files.value("telegraf/custom.conf");
        QVERIFY(custom.secret);
        QCOMPARE(QString::fromUtf8(custom.content),
                 QStringLiteral("# ") + kBanner +
                     "\n[[outputs.influxdb]]\nurl = \"http://52.67.66.155:8086\"\n"
                     "database = \"testdb\"\n\n[global_tags]\n  \"Env\" = \"staging\"\n");
        for (const char *name :
             {"telegraf/cloudwatch.conf", "telegraf/datadog.conf", "telegraf/custom.conf"})
            QCOMPARE(Validators::check("telegraf_toml", name,
                                       QString::fromUtf8(files.value(name).content)),
                     QString());
    }

    void hiddenCredentialsAreNotRendered()
    {
        QByteArray yaml = kFull;
        yaml.replace("auth: iam_user", "auth: iam_instance_profile");
        const auto files = render(document(yaml));
        QVERIFY(!files.value("telegraf/cloudwatch.conf").content.contains("access_key"));
        const auto off = render(document("general: {hostname: ci.example.com}\n"));
        QVERIFY(!off.contains("telegraf/cloudwatch.conf"));
        QVERIFY(!off.contains("telegraf/datadog.conf"));
        QVERIFY(!off.contains("telegraf/custom.conf"));
    }

    void jvmHeapAndTrustedCas()
    {
        const auto files = render(document(
            "general: {hostname: h}\ncustomizations: {frontend_jvm_heap_size: 2g, "
            "test_results_jvm_heap_size: 2048m}\ntls:\n  custom_root_cas: [\"PEM-ONE\\n\", "
            "\"PEM-TWO\"]\n"));
        QCOMPARE(files.value("circleconfig/frontend/customizations").content,
                 QByteArray("# ") + kBanner + "\nexport JVM_HEAP_SIZE=\"2g\"\n");
        QCOMPARE(files.value("circleconfig/test_results/customizations").content,
                 QByteArray("# ") + kBanner + "\nexport JVM_HEAP_SIZE=\"2048m\"\n");
        QCOMPARE(files.value("ca-certificates/gantry-custom-root-ca-1.crt").content,
                 QByteArray("PEM-ONE\n"));
        QCOMPARE(files.value("ca-certificates/gantry-custom-root-ca-2.crt").content,
                 QByteArray("PEM-TWO\n"));
    }

    void shellRoundTripIsByteExact()
    {
        const QStringList nasty{
            "say \"hi\"",
            "$HOME and ${PATH} and $(id) and $",
            "`id` and ``",
            "back\\slash \\\\ \\n and trailing\\",
            "line1\nline2\n",
            "a\\\nb",
            "'single' quotes ' alone",
            "tab\there\r\n",
            "Grüße ✓ 日本",
            "!bang %s %d -n *",
            "",
            "\\\"$`\\",
        };
        QByteArray yaml = "general: {hostname: ci.example.com}\n"
                          "proxy: {http_proxy: 'http://10.0.0.33:3128'}\n"
                          "customizations:\n  extra_env:\n";
        for (int i = 0; i < nasty.size(); ++i) {
            QByteArray quoted = nasty[i].toUtf8();
            quoted.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\n", "\\n")
                .replace("\t", "\\t")
                .replace("\r", "\\r");
            yaml += "    V" + QByteArray::number(i) + ": \"" + quoted + "\"\n";
        }
        const SettingsDocument doc = document(yaml);
        QVERIFY(SettingsValidator::validate(m_schema, doc).isEmpty());
        QTemporaryDir dir;
        const QString path = dir.filePath("circle-installation-customizations");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(render(doc).value("circle-installation-customizations").content);
        f.close();
        for (int i = 0; i < nasty.size(); ++i)
            QCOMPARE(sourced(path, QStringLiteral("V%1").arg(i)), nasty[i].toUtf8());
        const ProxyConfig proxy = ProxyConfig::from(RenderContext(m_schema, doc, 7));
        QCOMPARE(sourced(path, "JVM_OPTS"), proxy.jvmOpts().toUtf8());
        QCOMPARE(sourced(path, "NO_PROXY"), proxy.noProxyText().toUtf8());

        const QString envPath = dir.filePath("environment");
        QFile e(envPath);
        QVERIFY(e.open(QIODevice::WriteOnly));
        e.write(render(doc).value("environment").content);
        e.close();
        QCOMPARE(sourced(envPath, "JVM_OPTS"), proxy.jvmOpts().toUtf8());
        QCOMPARE(sourced(envPath, "no_proxy"), proxy.noProxyText().toUtf8());
    }
};

QTEST_GUILESS_MAIN(TestRenderers)
#include "tst_renderers.moc"
