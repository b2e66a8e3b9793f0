#include "settings/draftparser.h"
#include "settings/settingsvalidator.h"
#include "testschema.h"

#include <QTest>

using namespace gantry;

namespace {

struct Checked
{
    QStringList fields;
    QStringList messages;
    QString all() const { return messages.join('\n'); }
};

} // namespace

class TestSettingsValidator final : public QObject
{
    Q_OBJECT
private:
    SettingsSchema m_schema = test::loadSchema();

    Checked check(const QByteArray &yaml)
    {
        const SettingsDraft draft = DraftParser::parse(m_schema, yaml);
        if (!draft.ok())
            qFatal("draft does not parse: %s", qPrintable(draft.errors[0].message));
        const SettingsDocument document = DraftParser::resolve(draft, {});
        Checked c;
        for (const auto &e : SettingsValidator::validate(m_schema, document, &draft)) {
            c.fields.append(e.field);
            c.messages.append(e.message);
        }
        return c;
    }

private Q_SLOTS:
    void minimalDocumentIsValid()
    {
        const Checked c = check("general:\n  hostname: ci.example.com\n");
        QVERIFY2(c.fields.isEmpty(), qPrintable(c.all()));
    }

    void hostnameIsRequired()
    {
        const Checked c = check("");
        QCOMPARE(c.fields, QStringList{"general.hostname"});
        QVERIFY(c.messages[0].contains("general.hostname: is required; expected a DNS name"));
    }

    void ldapIsRequiredOnlyWhenEnabled()
    {
        const Checked off = check("general: {hostname: ci.example.com}\n"
                                  "ldap: {enabled: false, host: 'not a host!', port: 0}\n");
        QVERIFY2(off.fields.isEmpty(), qPrintable(off.all())); // hidden: not checked either
        const Checked on = check("general: {hostname: ci.example.com}\nldap: {enabled: true}\n");
        // Everything required without a default or preset, all at once.
        QCOMPARE(on.fields, QStringList({"ldap.host", "ldap.search_user", "ldap.search_password",
                                         "ldap.user_search_dn"}));
        const Checked full = check("general: {hostname: ci.example.com}\n"
                                   "ldap:\n"
                                   "  enabled: true\n"
                                   "  host: ldap.example.com\n"
                                   "  search_user: cn=admin,dc=example,dc=org\n"
                                   "  search_password: pw\n"
                                   "  user_search_dn: ou=users,dc=example,dc=org\n");
        QVERIFY2(full.fields.isEmpty(), qPrintable(full.all()));
    }

    void awsItemsFollowProviderAndAuth()
    {
        const QByteArray base = "general: {hostname: ci.example.com}\nvm_provider:\n"
                                "  provider: aws_ec2\n  aws_region: us-west-2\n"
                                "  ec2_subnet_id: subnet-0a1b2c3d\n"
                                "  ec2_security_group_id: sg-0a1b2c3d\n";
        QVERIFY2(check(base).fields.isEmpty(), qPrintable(check(base).all()));
        const Checked user = check(base + "  auth: iam_user\n");
        QCOMPARE(user.fields,
                 QStringList({"vm_provider.access_key_id", "vm_provider.secret_access_key"}));
        const Checked none = check("general: {hostname: ci.example.com}\n"
                                   "vm_provider: {provider: none, aws_region: mars-1}\n");
        QVERIFY(none.fields.isEmpty());
        const Checked bad = check(base + "  preallocation: {remote_docker: -1}\n"
                                         "  instance_type: huge\n");
        QCOMPARE(bad.fields, QStringList({"vm_provider.instance_type",
                                          "vm_provider.preallocation.remote_docker"}));
        QVERIFY2(bad.all().contains("vm_provider.preallocation.remote_docker: -1 is out of range; "
                                    "expected a whole number from 0 to 1000 (line 7, column 19)"),
                 qPrintable(bad.all()));
    }

    void everyErrorAtOnce()
    {
        const Checked c =
            check("general: {hostname: 'bad host', circle_url: nope}\n"
                  "ldap: {enabled: true, port: 70000, encryption: tls}\n"
                  "proxy: {http_proxy: '10.0.0.33:3128', no_proxy: [ok.example.com, 'bad entry']}\n"
                  "customizations: {jvm_heap_size: 4GB, extra_env: {lower: x, HTTP_PROXY: y}}\n"
                  "metrics: {datadog: {enabled: true, api_key: xyz}}\n");
        for (const char *field :
             {"general.hostname", "general.circle_url", "ldap.port", "ldap.encryption", "ldap.host",
              "proxy.http_proxy", "proxy.no_proxy[1]", "customizations.jvm_heap_size",
              "customizations.extra_env.lower", "customizations.extra_env.HTTP_PROXY",
              "metrics.datadog.api_key"})
            QVERIFY2(c.fields.contains(field), field);
        QVERIFY(c.all().contains("proxy.http_proxy: the protocol is missing; expected "
                                 "<protocol>://<ip-or-host>:<port>, e.g. http://10.0.0.33:3128 "
                                 "(line 3, column 9)"));
        QVERIFY(c.all().contains("ldap.encryption: not one of the options; expected one of: "
                                 "plain, starttls, ldaps"));
        QVERIFY(!c.all().contains("xyz")); // a secret value never appears in a message
    }

    void crossItemRules()
    {
        const Checked ssl = check("general: {hostname: ci.example.com}\ntls: {ssl_only: true}\n");
        QCOMPARE(ssl.fields, QStringList({"tls.certificate", "tls.private_key"}));
        const Checked tags = check("general: {hostname: ci.example.com}\n"
                                   "metrics:\n"
                                   "  global_tags: {Env: x}\n"
                                   "  custom:\n"
                                   "    enabled: true\n"
                                   "    telegraf_config: \"[global_tags]\\nEnv = \\\"y\\\"\\n\"\n");
        QCOMPARE(tags.fields, QStringList{"metrics.custom.telegraf_config"});
        const Checked toml = check("general: {hostname: ci.example.com}\n"
                                   "metrics:\n"
                                   "  custom:\n"
                                   "    enabled: true\n"
                                   "    telegraf_config: \"[[outputs.influxdb]]\\nurl = \\n\"\n");
        QCOMPARE(toml.fields, QStringList{"metrics.custom.telegraf_config"});
        QVERIFY2(toml.all().contains("line 2"), qPrintable(toml.all()));
    }
};

QTEST_GUILESS_MAIN(TestSettingsValidator)
#include "tst_settingsvalidator.moc"
