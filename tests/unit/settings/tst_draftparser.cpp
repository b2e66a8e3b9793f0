#include "settings/draftparser.h"
#include "testschema.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace gantry;

namespace {

QString allMessages(const SettingsDraft &draft)
{
    QStringList list;
    for (const auto &e : draft.errors)
        list.append(e.field + " => " + e.message);
    return list.join('\n');
}

} // namespace

class TestDraftParser final : public QObject
{
    Q_OBJECT
private:
    SettingsSchema m_schema = test::loadSchema();

private Q_SLOTS:
    void typedValuesAndNestedNames()
    {
        const SettingsDraft draft =
            DraftParser::parse(m_schema, "\n"
                                         "general:\n"
                                         "  hostname: ci.example.com\n"
                                         "ldap:\n"
                                         "  enabled: true\n"
                                         "  port: 636\n"
                                         "proxy:\n"
                                         "  no_proxy: [10.0.0.0/8, .example.com]\n"
                                         "metrics:\n"
                                         "  cloudwatch:\n"
                                         "    enabled: yes\n"
                                         "    region: eu-west-1\n"
                                         "  global_tags: {Env: staging}\n"
                                         "customizations:\n"
                                         "  extra_env:\n"
                                         "    FOO: \"a b\"\n");
        QVERIFY2(draft.ok(), qPrintable(allMessages(draft)));
        const SettingsDocument &d = draft.document;
        QCOMPARE(d.value("general.hostname"), QJsonValue("ci.example.com"));
        QCOMPARE(d.value("ldap.enabled"), QJsonValue(true));
        QCOMPARE(d.value("ldap.port").toInt(), 636);
        QCOMPARE(d.value("proxy.no_proxy"), QJsonValue(QJsonArray{"10.0.0.0/8", ".example.com"}));
        QCOMPARE(d.value("metrics.cloudwatch.enabled"), QJsonValue(true));
        QCOMPARE(d.value("metrics.cloudwatch.region"), QJsonValue("eu-west-1"));
        QCOMPARE(d.value("metrics.global_tags"), QJsonValue(QJsonObject{{"Env", "staging"}}));
        QCOMPARE(d.value("customizations.extra_env"), QJsonValue(QJsonObject{{"FOO", "a b"}}));
        QCOMPARE(draft.where("ldap.port"), " (line 6, column 3)");
    }

    void syntaxErrorsGiveLineAndColumn()
    {
        const SettingsDraft draft = DraftParser::parse(
            m_schema, "general:\n  hostname: ci.example.com\n  circle_url: [a\n");
        QCOMPARE(draft.errors.size(), 1);
        static const QRegularExpression re("^line \\d+, column \\d+: ");
        QVERIFY2(re.match(draft.errors[0].message).hasMatch(), qPrintable(draft.errors[0].message));
        const SettingsDraft tabs = DraftParser::parse(m_schema, "general:\n\thostname: x\n");
        QVERIFY(!tabs.ok());
        QVERIFY2(tabs.errors[0].message.startsWith("line 2, column"),
                 qPrintable(tabs.errors[0].message));
    }

    void unknownGroupsAndKeysAreNamed()
    {
        const SettingsDraft draft = DraftParser::parse(m_schema, "general:\n"
                                                                 "  hostname: ci.example.com\n"
                                                                 "  hostnmae: typo\n"
                                                                 "ldpa:\n"
                                                                 "  enabled: true\n"
                                                                 "metrics:\n"
                                                                 "  cloudwatch:\n"
                                                                 "    enabled: true\n"
                                                                 "    regoin: us-west-2\n");
        QCOMPARE(draft.errors.size(), 3);
        QCOMPARE(draft.errors[0].field, "general.hostnmae");
        QVERIFY(draft.errors[0].message.contains("unknown setting (line 3, column 3)"));
        QVERIFY(draft.errors[0].message.contains("expected one of: hostname, circle_url"));
        QCOMPARE(draft.errors[1].field, "ldpa");
        QVERIFY(draft.errors[1].message.contains("unknown group (line 4, column 1)"));
        QVERIFY(draft.errors[1].message.contains("ldap"));
        QCOMPARE(draft.errors[2].field, "metrics.cloudwatch.regoin");
        QVERIFY(draft.errors[2].message.contains("region"));
    }

    void typesAreChecked()
    {
        const SettingsDraft draft = DraftParser::parse(m_schema, "ldap:\n"
                                                                 "  enabled: maybe\n"
                                                                 "  port: three\n"
                                                                 "proxy:\n"
                                                                 "  no_proxy: localhost\n"
                                                                 "customizations:\n"
                                                                 "  extra_env: [A, B]\n"
                                                                 "general:\n"
                                                                 "  hostname: {a: 1}\n");
        QCOMPARE(draft.errors.size(), 5);
        const QString all = allMessages(draft);
        QVERIFY2(all.contains("ldap.enabled => ldap.enabled: expected true or false, got a scalar "
                              "(line 2, column 12)"),
                 qPrintable(all));
        QVERIFY(all.contains("ldap.port: expected a whole number"));
        QVERIFY(all.contains("proxy.no_proxy: expected a list of strings"));
        QVERIFY(all.contains("customizations.extra_env: expected a mapping of names to strings"));
        QVERIFY(all.contains("general.hostname: expected a string, got a mapping"));
    }

    void duplicateKeysAreErrors()
    {
        const SettingsDraft dotted =
            DraftParser::parse(m_schema, "metrics:\n  cloudwatch.enabled: true\n");
        QCOMPARE(dotted.errors.size(), 1);
        QCOMPARE(dotted.errors[0].field, "metrics.cloudwatch.enabled");
        QVERIFY(dotted.errors[0].message.contains("cloudwatch: {enabled: ...}"));

        const SettingsDraft draft =
            DraftParser::parse(m_schema, "general:\n  hostname: a\n  hostname: b\n");
        QCOMPARE(draft.errors.size(), 1);
        QVERIFY(draft.errors[0].message.contains("duplicate key (line 3, column 3)"));
    }

    void secretForms()
    {
        const SettingsDraft draft =
            DraftParser::parse(m_schema, "ldap:\n"
                                         "  search_password: s3cret\n"
                                         "github:\n"
                                         "  oauth_client_secret: {set: true}\n"
                                         "storage:\n"
                                         "  database_url: null\n"
                                         "metrics:\n"
                                         "  datadog:\n"
                                         "    api_key: {set: false}\n");
        QVERIFY2(draft.ok(), qPrintable(allMessages(draft)));
        QCOMPARE(draft.secretActions["ldap.search_password"], SecretAction::Set);
        QCOMPARE(draft.secretActions["github.oauth_client_secret"], SecretAction::Keep);
        QCOMPARE(draft.secretActions["storage.database_url"], SecretAction::Clear);
        QCOMPARE(draft.secretActions["metrics.datadog.api_key"], SecretAction::Clear);
        QCOMPARE(draft.secretActions["tls.private_key"], SecretAction::Keep); // left out
        QVERIFY(draft.document.values().isEmpty() ||
                !draft.document.values().contains("ldap.search_password"));

        SettingsDocument stored;
        stored.setSecret("ldap.search_password", "old");
        stored.setSecret("github.oauth_client_secret", "gh");
        stored.setSecret("storage.database_url", "postgresql://db/x");
        stored.setSecret("metrics.datadog.api_key", "k");
        stored.setSecret("tls.private_key", "pem");
        const SettingsDocument resolved = DraftParser::resolve(draft, stored);
        QCOMPARE(resolved.secret("ldap.search_password"), "s3cret");
        QCOMPARE(resolved.secret("github.oauth_client_secret"), "gh");
        QVERIFY(!resolved.secret("storage.database_url"));
        QVERIFY(!resolved.secret("metrics.datadog.api_key"));
        QCOMPARE(resolved.secret("tls.private_key"), "pem");

        const SettingsDraft bad =
            DraftParser::parse(m_schema, "ldap:\n  search_password: [a]\n  enabled: true\n");
        QCOMPARE(bad.errors.size(), 1);
        QVERIFY(bad.errors[0].message.contains("{set: true} (keep it) or null (clear it)"));
    }

    void ldapPresetsFillWhatTheDraftLeavesOut()
    {
        const SettingsDraft ad = DraftParser::parse(
            m_schema, "ldap:\n  server_type: active_directory\n  username_attribute: mail\n");
        QVERIFY(ad.ok());
        QCOMPARE(ad.document.value("ldap.username_attribute"), QJsonValue("mail"));
        QCOMPARE(ad.document.value("ldap.group_membership_attribute"), QJsonValue("member"));
        QCOMPARE(ad.document.value("ldap.group_object_class"), QJsonValue("group"));
        const SettingsDraft open = DraftParser::parse(m_schema, "ldap:\n  enabled: true\n");
        QCOMPARE(open.document.value("ldap.username_attribute"), QJsonValue("uid"));
        QCOMPARE(open.document.value("ldap.group_membership_attribute"),
                 QJsonValue("uniqueMember"));
        QCOMPARE(open.document.value("ldap.group_object_class"), QJsonValue("groupOfUniqueNames"));
    }

    void emptyDocumentsAndNonMappings()
    {
        QVERIFY(DraftParser::parse(m_schema, "").ok());
        QVERIFY(DraftParser::parse(m_schema, "general:\n").ok());
        const SettingsDraft list = DraftParser::parse(m_schema, "- a\n- b\n");
        QCOMPARE(list.errors.size(), 1);
        QVERIFY(list.errors[0].message.contains("must be a mapping of groups"));
    }

    void storedYamlRoundTrips()
    {
        const SettingsDraft draft = DraftParser::parse(
            m_schema, "general:\n"
                      "  hostname: ci.example.com\n"
                      "customizations:\n"
                      "  extra_env:\n"
                      "    QUOTE: \"say \\\"hi\\\" $HOME `x` \\\\ \\n end\"\n"
                      "    EMPTY: \"\"\n"
                      "    CONTROL: \"tab\\t cr\\r bell\\a unicode \u00fc\u2713 \u65e5\"\n"
                      "    COLON: \"a: b # not a comment\"\n"
                      "    LEADING: \" - spaced, {flow} [x] &anchor *alias !tag\"\n"
                      "proxy:\n"
                      "  no_proxy: [\"a\", \"b\"]\n"
                      "ldap:\n"
                      "  port: 1234\n"
                      "  search_password: pw\n");
        QVERIFY2(draft.ok(), qPrintable(allMessages(draft)));
        const QByteArray yaml = draft.document.toYaml(m_schema);
        QVERIFY(!yaml.contains("pw"));
        const SettingsDraft again = DraftParser::parse(m_schema, yaml);
        QVERIFY2(again.ok(), qPrintable(allMessages(again)));
        QCOMPARE(again.document.values(), draft.document.values());
    }
};

QTEST_GUILESS_MAIN(TestDraftParser)
#include "tst_draftparser.moc"
