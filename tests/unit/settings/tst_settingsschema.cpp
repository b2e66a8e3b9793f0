#include "settings/settingsdocument.h"
#include "settings/settingsschema.h"
#include "testschema.h"

#include <QJsonArray>
#include <QTest>

using namespace gantry;

class TestSettingsSchema final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyGroupAndItemOfIssue3()
    {
        const SettingsSchema schema = test::loadSchema();
        QCOMPARE(schema.groupNames(),
                 QStringList({"general", "tls", "ldap", "vm_provider", "metrics", "proxy",
                              "usage_statistics", "artifacts", "license", "customizations",
                              "github", "storage"}));
        QStringList paths;
        for (const SchemaItem *item : schema.items())
            paths.append(item->path);
        const QStringList expected{"general.hostname",
                                   "general.circle_url",
                                   "tls.ssl_only",
                                   "tls.certificate",
                                   "tls.private_key",
                                   "tls.custom_root_cas",
                                   "ldap.enabled",
                                   "ldap.server_type",
                                   "ldap.host",
                                   "ldap.port",
                                   "ldap.encryption",
                                   "ldap.search_user",
                                   "ldap.search_password",
                                   "ldap.user_search_dn",
                                   "ldap.username_attribute",
                                   "ldap.group_membership_attribute",
                                   "ldap.group_object_class",
                                   "ldap.restricted_group",
                                   "vm_provider.provider",
                                   "vm_provider.aws_region",
                                   "vm_provider.ec2_subnet_id",
                                   "vm_provider.ec2_security_group_id",
                                   "vm_provider.custom_ami",
                                   "vm_provider.instance_type",
                                   "vm_provider.auth",
                                   "vm_provider.access_key_id",
                                   "vm_provider.secret_access_key",
                                   "vm_provider.preallocation.remote_docker",
                                   "vm_provider.preallocation.machine_executor",
                                   "metrics.cloudwatch.enabled",
                                   "metrics.cloudwatch.auth",
                                   "metrics.cloudwatch.access_key_id",
                                   "metrics.cloudwatch.secret_access_key",
                                   "metrics.cloudwatch.region",
                                   "metrics.cloudwatch.namespace",
                                   "metrics.datadog.enabled",
                                   "metrics.datadog.api_key",
                                   "metrics.custom.enabled",
                                   "metrics.custom.telegraf_config",
                                   "metrics.global_tags",
                                   "proxy.http_proxy",
                                   "proxy.https_proxy",
                                   "proxy.no_proxy",
                                   "usage_statistics.enabled",
                                   "artifacts.safe_content_types_only",
                                   "license.agreed",
                                   "customizations.jvm_heap_size",
                                   "customizations.frontend_jvm_heap_size",
                                   "customizations.test_results_jvm_heap_size",
                                   "customizations.extra_env",
                                   "github.url",
                                   "github.oauth_client_id",
                                   "github.oauth_client_secret",
                                   "storage.database_url"};
        QCOMPARE(paths, expected);
    }

    void flagsTypesAndDefaults()
    {
        const SettingsSchema schema = test::loadSchema();
        QStringList secrets;
        QStringList writeOnce;
        for (const SchemaItem *item : schema.items()) {
            if (item->secret)
                secrets.append(item->path);
            if (item->writeOnce)
                writeOnce.append(item->path);
            QVERIFY2(!item->help.isEmpty() && !item->label.isEmpty(), qPrintable(item->path));
        }
        QCOMPARE(
            secrets,
            QStringList({"tls.private_key", "ldap.search_password", "vm_provider.secret_access_key",
                         "metrics.cloudwatch.secret_access_key", "metrics.datadog.api_key",
                         "github.oauth_client_secret", "storage.database_url"}));
        QCOMPARE(writeOnce, QStringList({"github.url"}));
        QCOMPARE(schema.item("artifacts.safe_content_types_only")->defaultValue, QJsonValue(true));
        QCOMPARE(schema.item("ldap.port")->type, ItemType::Integer);
        QCOMPARE(*schema.item("ldap.port")->max, 65535);
        QCOMPARE(*schema.item("vm_provider.preallocation.remote_docker")->min, 0);
        QCOMPARE(schema.item("proxy.no_proxy")->type, ItemType::List);
        QCOMPARE(schema.item("customizations.extra_env")->type, ItemType::Map);
        QCOMPARE(schema.item("customizations.extra_env")->keyValidator, "env_var_name");
        QCOMPARE(schema.item("vm_provider.provider")->options.size(), 3);
    }

    void whenIsRelativeToTheGroup()
    {
        const SettingsSchema schema = test::loadSchema();
        const SchemaItem *key = schema.item("vm_provider.secret_access_key");
        QCOMPARE(key->when.size(), 2);
        const QStringList paths{key->when[0].path, key->when[1].path};
        QVERIFY(paths.contains("vm_provider.provider"));
        QVERIFY(paths.contains("vm_provider.auth"));
        SettingsDocument doc;
        QVERIFY(!schema.isShown(*key, doc));
        doc.setValue("vm_provider.provider", "aws_ec2");
        QVERIFY(!schema.isShown(*key, doc)); // auth defaults to iam_instance_profile
        doc.setValue("vm_provider.auth", "iam_user");
        QVERIFY(schema.isShown(*key, doc));
        QCOMPARE(schema.item("metrics.cloudwatch.region")->when[0].path,
                 "metrics.cloudwatch.enabled");
    }

    void ldapPresetsAreData()
    {
        const SettingsSchema schema = test::loadSchema();
        const QJsonObject presets = schema.item("ldap.server_type")->presets;
        QCOMPARE(presets["openldap"]["username_attribute"].toString(), "uid");
        QCOMPARE(presets["openldap"]["group_membership_attribute"].toString(), "uniqueMember");
        QCOMPARE(presets["openldap"]["group_object_class"].toString(), "groupOfUniqueNames");
        QCOMPARE(presets["active_directory"]["username_attribute"].toString(), "sAMAccountName");
        QCOMPARE(presets["active_directory"]["group_membership_attribute"].toString(), "member");
        QCOMPARE(presets["active_directory"]["group_object_class"].toString(), "group");
    }

    void toJsonForTheApi()
    {
        const QJsonObject json = test::loadSchema().toJson();
        const QJsonArray groups = json["groups"].toArray();
        QCOMPARE(groups.size(), 12);
        const QJsonObject ldap = groups[2].toObject();
        QCOMPARE(ldap["name"].toString(), "ldap");
        const QJsonObject port = ldap["items"].toArray()[3].toObject();
        QCOMPARE(port["path"].toString(), "ldap.port");
        QCOMPARE(port["type"].toString(), "integer");
        QCOMPARE(port["default"].toInt(), 389);
        QCOMPARE(port["when"].toObject()["enabled"].toBool(), true);
    }

    void malformedSchemasAreRefused_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("reason");
        QTest::newRow("syntax") << QByteArray("groups: [\n  - name: a\n") << "line ";
        QTest::newRow("no groups") << QByteArray("x: 1\n") << "no groups";
        QTest::newRow("unknown validator")
            << QByteArray("groups:\n - name: g\n   items:\n    - {name: a, label: A, help: h, "
                          "type: text, validator: nope}\n")
            << "unknown validator";
        QTest::newRow("unknown type") << QByteArray("groups:\n - name: g\n   items:\n    - {name: "
                                                    "a, label: A, help: h, type: blob}\n")
                                      << "unknown type";
        QTest::newRow("when on unknown item")
            << QByteArray("groups:\n - name: g\n   items:\n    - {name: a, label: A, help: h, "
                          "type: text, when: {zz: true}}\n")
            << "unknown item \"zz\"";
        QTest::newRow("when cycle")
            << QByteArray("groups:\n - name: g\n   items:\n    - {name: a, label: A, help: h, "
                          "type: bool, when: {b: true}}\n    - {name: b, label: B, help: h, "
                          "type: bool, when: {a: true}}\n")
            << "form a cycle";
    }
    void malformedSchemasAreRefused()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, reason);
        QString why;
        QVERIFY(!SettingsSchema::fromYaml(yaml, &why));
        QVERIFY2(why.contains(reason), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestSettingsSchema)
#include "tst_settingsschema.moc"
