// SettingsFormSchema (`when`, nested paths, display text) and SettingsDraftWriter (YAML that
// gantryd reads back: quoting, nesting, secrets' three forms).
#include "settingsdraftwriter.h"
#include "settingsformschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace gantry;

namespace {

SettingsFormSchema schema()
{
    const QByteArray json = R"({"groups": [
      {"name": "vm_provider", "label": "VM provider", "items": [
        {"name": "provider", "type": "select_one", "default": "none",
         "options": [{"value": "none", "label": "None"}, {"value": "aws_ec2", "label": "AWS"}]},
        {"name": "auth", "type": "select_one", "when": {"provider": "aws_ec2"}},
        {"name": "access_key_id", "type": "text", "required": true,
         "when": {"provider": "aws_ec2", "auth": "iam_user"}},
        {"name": "preallocation.remote_docker", "type": "integer", "min": 0, "max": 1000}]},
      {"name": "metrics", "label": "Metrics", "items": [
        {"name": "cloudwatch.enabled", "type": "bool"},
        {"name": "cloudwatch.region", "type": "text", "when": {"cloudwatch.enabled": true}},
        {"name": "other", "type": "text", "when": {"vm_provider.provider": ["aws_ec2", "on_host"]}}]}
    ]})";
    return SettingsFormSchema::fromJson(QJsonDocument::fromJson(json).object());
}

} // namespace

class TestSettingsFormSchema final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsGroupsAndItems()
    {
        const SettingsFormSchema s = schema();
        QCOMPARE(s.groups().size(), 2);
        const SettingsItemSpec *i = s.item("vm_provider.preallocation.remote_docker");
        QVERIFY(i);
        QCOMPARE(*i->min, 0);
        QCOMPARE(*i->max, 1000);
        QCOMPARE(s.item("vm_provider.provider")->options.size(), 2);
    }

    void whenReadsItemsOfTheGroupOrFullPaths()
    {
        const SettingsFormSchema s = schema();
        QHash<QString, QJsonValue> v{{"vm_provider.provider", "none"}};
        auto lookup = [&v](const QString &p) { return v.value(p); };
        QVERIFY(!s.isShown("vm_provider.auth", lookup));
        QVERIFY(!s.isShown("metrics.other", lookup));
        v["vm_provider.provider"] = "aws_ec2";
        QVERIFY(s.isShown("vm_provider.auth", lookup));
        QVERIFY(s.isShown("metrics.other", lookup));
        QVERIFY(!s.isShown("vm_provider.access_key_id", lookup));
        v["vm_provider.auth"] = "iam_user";
        QVERIFY(s.isShown("vm_provider.access_key_id", lookup));
        // A condition on a hidden item is false even if its stale value matches.
        v["vm_provider.provider"] = "none";
        QVERIFY(!s.isShown("vm_provider.access_key_id", lookup));
        QVERIFY(!s.isShown("metrics.cloudwatch.region", lookup));
        v["metrics.cloudwatch.enabled"] = true;
        QVERIFY(s.isShown("metrics.cloudwatch.region", lookup));
    }

    void nestedValues()
    {
        QJsonObject o;
        SettingsFormSchema::setValueAt(o, "metrics.cloudwatch.enabled", true);
        SettingsFormSchema::setValueAt(o, "metrics.cloudwatch.region", "us-west-2");
        QCOMPARE(SettingsFormSchema::valueAt(o, "metrics.cloudwatch.region").toString(),
                 QStringLiteral("us-west-2"));
        QVERIFY(SettingsFormSchema::valueAt(o, "metrics.nothing.here").isUndefined());
    }

    void draftYamlQuotesAndNests()
    {
        QJsonObject o;
        SettingsFormSchema::setValueAt(o, "general.hostname", "ci.example.com");
        SettingsFormSchema::setValueAt(o, "ldap.port", 389);
        SettingsFormSchema::setValueAt(o, "ldap.enabled", true);
        SettingsFormSchema::setValueAt(o, "ldap.search_password", QJsonObject{{"set", true}});
        SettingsFormSchema::setValueAt(o, "github.oauth_client_secret", QJsonValue::Null);
        SettingsFormSchema::setValueAt(o, "proxy.no_proxy", QJsonArray{"10.0.0.0/8", "a: b"});
        SettingsFormSchema::setValueAt(o, "customizations.extra_env",
                                       QJsonObject{{"MY_VAR", "x\"y\n$z"}});
        SettingsFormSchema::setValueAt(o, "metrics.global_tags", QJsonObject{});
        const QByteArray yaml = SettingsDraftWriter::toYaml(o);
        QVERIFY2(yaml.contains("general:\n  hostname: \"ci.example.com\"\n"), yaml.constData());
        QVERIFY(yaml.contains("  port: 389\n"));
        QVERIFY(yaml.contains("  enabled: true\n"));
        QVERIFY(yaml.contains("  search_password:\n    set: true\n"));
        QVERIFY(yaml.contains("  oauth_client_secret: null\n"));
        QVERIFY(yaml.contains("  no_proxy:\n    - \"10.0.0.0/8\"\n    - \"a: b\"\n"));
        QVERIFY(yaml.contains("    MY_VAR: \"x\\\"y\\n$z\"\n"));
        QVERIFY(yaml.contains("  global_tags: {}\n"));
    }

    void displayText()
    {
        QCOMPARE(SettingsFormSchema::displayText(QJsonValue(true)), QStringLiteral("on"));
        QCOMPARE(SettingsFormSchema::displayText(QJsonValue(QJsonValue::Null)),
                 QStringLiteral("(not set)"));
        QCOMPARE(SettingsFormSchema::displayText(QJsonArray{"a", "b"}), QStringLiteral("a, b"));
        QVERIFY(SettingsFormSchema::displayText(QStringLiteral("-----BEGIN CERTIFICATE-----\nx"))
                    .startsWith(QStringLiteral("PEM")));
    }
};

QTEST_MAIN(TestSettingsFormSchema)
#include "tst_settingsformschema.moc"
