#include "settings/validators.h"
#include "testschema.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace gantry;

class TestValidators final : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    bool m_pem = false;

private Q_SLOTS:
    void initTestCase() { m_pem = test::makePem(m_dir.path()); }

    void values_data()
    {
        QTest::addColumn<QString>("validator");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("form"); // part of the expected form in the message

        auto good = [](const char *v, const char *value) {
            QTest::addRow("%s ok %s", v, value)
                << QString(v) << QString(value) << true << QString();
        };
        auto bad = [](const char *v, const char *value, const char *form) {
            QTest::addRow("%s bad %s", v, value)
                << QString(v) << QString(value) << false << QString(form);
        };
        good("hostname_or_ip", "circleci.example.com");
        good("hostname_or_ip", "10.0.1.238");
        good("hostname_or_ip", "::1");
        good("hostname_or_ip", "localhost");
        bad("hostname_or_ip", "bad_host!", "a DNS name or an IP address");
        bad("hostname_or_ip", "10.0.1", "a DNS name or an IP address");
        bad("hostname_or_ip", "-a.example.com", "a DNS name or an IP address");
        good("url", "https://circleci.example.com");
        good("url", "http://10.0.0.1:8080/ci");
        bad("url", "circleci.example.com", "http(s)://<host>");
        bad("url", "ftp://example.com", "http(s)://<host>");
        good("github_url", "https://github.com");
        good("github_url", "https://ghe.example.com/");
        bad("github_url", "https://ghe.example.com/org/repo", "GitHub Enterprise");
        bad("github_url", "ghe.example.com", "GitHub Enterprise");
        good("aws_region", "us-west-2");
        good("aws_region", "eu-central-1");
        good("aws_region", "ap-southeast-2");
        bad("aws_region", "us-west-9", "e.g. us-west-2");
        bad("aws_region", "US-WEST-2", "e.g. us-west-2");
        good("aws_subnet_id", "subnet-0a1b2c3d");
        good("aws_subnet_id", "subnet-0123456789abcdef0");
        bad("aws_subnet_id", "subnet-0a1b2c3", "8 or 17 hexadecimal digits");
        bad("aws_subnet_id", "subnet-0a1b2c3d4", "8 or 17 hexadecimal digits");
        bad("aws_subnet_id", "sg-0a1b2c3d", "subnet-");
        good("aws_security_group_id", "sg-0a1b2c3d");
        good("aws_security_group_id", "sg-0123456789abcdef0");
        bad("aws_security_group_id", "sg-xyz", "sg- followed by");
        good("aws_ami_id", "ami-0a1b2c3d4e5f67890");
        bad("aws_ami_id", "ami-", "ami- followed by");
        good("aws_instance_type", "m5.large");
        good("aws_instance_type", "c5.2xlarge");
        good("aws_instance_type", "u-6tb1.metal");
        bad("aws_instance_type", "m5", "<family>.<size>");
        bad("aws_instance_type", "M5.Large", "<family>.<size>");
        good("aws_access_key_id", "AKIAIOSFODNN7EXAMPLE");
        good("aws_access_key_id", "ASIAIOSFODNN7EXAMPLE");
        bad("aws_access_key_id", "AKIAIOSFODNN7EXAMPL", "AKIA or ASIA");
        bad("aws_access_key_id", "ABIAIOSFODNN7EXAMPLE", "AKIA or ASIA");
        good("aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        bad("aws_secret_access_key", "short", "40 characters");
        good("datadog_api_key", "0123456789abcdef0123456789abcdef");
        bad("datadog_api_key", "0123456789abcdef0123456789abcdeg", "32 hexadecimal digits");
        good("proxy_url", "http://10.0.0.33:3128");
        good("proxy_url", "https://proxy.example.com:8443/");
        good("proxy_url", "http://[::1]:3128");
        bad("proxy_url", "10.0.0.33:3128", "<protocol>://<ip-or-host>:<port>");
        bad("proxy_url", "http://10.0.0.33", "<protocol>://<ip-or-host>:<port>");
        bad("proxy_url", "http://10.0.0.33:99999", "<protocol>://<ip-or-host>:<port>");
        bad("proxy_url", "http://user:pw@10.0.0.33:3128", "<protocol>://<ip-or-host>:<port>");
        bad("proxy_url", "gopher://10.0.0.33:3128", "<protocol>://<ip-or-host>:<port>");
        good("no_proxy_entry", "s3.amazonaws.com");
        good("no_proxy_entry", ".s3.amazonaws.com");
        good("no_proxy_entry", "*.s3.amazonaws.com");
        good("no_proxy_entry", "10.0.0.0/8");
        good("no_proxy_entry", "10.0.1.238");
        bad("no_proxy_entry", "10.0.0.0/33", "a network");
        bad("no_proxy_entry", "a b", "a host");
        // Forms other tools take but the rendered NO_PROXY and -Dhttp.nonProxyHosts could not
        // say for every service (the proxy check's matcher takes what this takes).
        bad("no_proxy_entry", "git.example.net:8443", "a host");
        bad("no_proxy_entry", "*", "a host");
        good("jvm_heap_size", "4g");
        good("jvm_heap_size", "4096m");
        bad("jvm_heap_size", "4 GB", "e.g. 4g or 4096m");
        bad("jvm_heap_size", "0g", "e.g. 4g or 4096m");
        good("env_var_name", "MY_VAR");
        good("env_var_name", "_X1");
        bad("env_var_name", "1ABC", "[A-Z_][A-Z0-9_]*");
        bad("env_var_name", "my_var", "[A-Z_][A-Z0-9_]*");
        good("telegraf_toml", "[[outputs.influxdb]]\nurl = \"http://52.67.66.155:8086\"\n");
        bad("telegraf_toml", "[[outputs.influxdb]]\nurl = \n", "valid TOML");
        good("postgresql_url", "postgresql://gantry:pw@db.example.com:5432/gantry");
        good("postgresql_url", "postgres://db/gantry");
        bad("postgresql_url", "mysql://db/gantry", "postgresql://<user>");
        bad("postgresql_url", "postgresql://db.example.com", "postgresql://<user>");
        good("ldap_dn", "cn=admin,dc=example,dc=org");
        good("ldap_dn", "ou=users");
        good("ldap_dn", "cn=Smith\\, John,dc=example,dc=org");
        bad("ldap_dn", "admin", "cn=admin,dc=example,dc=org");
        bad("ldap_dn", "cn=admin,,dc=org", "cn=admin,dc=example,dc=org");
        good("ldap_attribute", "uniqueMember");
        bad("ldap_attribute", "unique member", "attribute name");
        good("telegraf_tag", "Env");
        bad("telegraf_tag", "a b", "tag name");
    }
    void values()
    {
        QFETCH(QString, validator);
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QFETCH(QString, form);
        QVERIFY(Validators::exists(validator));
        const QString message = Validators::check(validator, "group.item", value);
        if (valid) {
            QVERIFY2(message.isEmpty(), qPrintable(message));
            return;
        }
        QVERIFY(!message.isEmpty());
        QVERIFY2(message.startsWith("group.item: "), qPrintable(message));
        QVERIFY2(message.contains("; expected "), qPrintable(message));
        QVERIFY2(message.contains(form), qPrintable(message));
    }

    void tomlErrorsGiveTheLine()
    {
        const QString message = Validators::check(
            "telegraf_toml", "metrics.custom.telegraf_config",
            "[[outputs.influxdb]]\nurl = \"http://x:8086\"\ndatabase = = \"x\"\n");
        QVERIFY2(message.contains("line 3"), qPrintable(message));
    }

    void secretValuesAreNeverEchoed()
    {
        const QString secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE!";
        const QString message = Validators::check("aws_secret_access_key", "x.y", secret);
        QVERIFY(!message.isEmpty());
        QVERIFY(!message.contains(secret));
        const QString url = "postgresql://u:hunter2@/";
        QVERIFY(
            !Validators::check("postgresql_url", "storage.database_url", url).contains("hunter2"));
    }

    void pemCertificates()
    {
        if (!m_pem)
            QSKIP("needs: the openssl command line, to make test certificates");
        const QString cert = test::readText(m_dir.filePath("cert.pem"));
        const QString key = test::readText(m_dir.filePath("key.pem"));
        QCOMPARE(Validators::check("pem_certificate_chain", "tls.certificate", cert), QString());
        QCOMPARE(Validators::check("pem_certificate_chain", "tls.certificate", cert + cert),
                 QString());
        QVERIFY(Validators::check("pem_certificate_chain", "tls.certificate", "hello")
                    .contains("no PEM certificate"));
        QString broken = cert;
        broken.replace(70, 10, "**********");
        QVERIFY(!Validators::check("pem_certificate_chain", "tls.certificate", broken).isEmpty());
        QVERIFY(Validators::check("pem_certificate_chain", "tls.certificate", cert + key)
                    .contains("private key"));
    }

    void pemPrivateKeys()
    {
        if (!m_pem)
            QSKIP("needs: the openssl command line, to make test keys");
        const QString key = test::readText(m_dir.filePath("key.pem"));
        const QString encrypted = test::readText(m_dir.filePath("enc.pem"));
        QCOMPARE(Validators::check("pem_private_key_unencrypted", "tls.private_key", key),
                 QString());
        const QString message =
            Validators::check("pem_private_key_unencrypted", "tls.private_key", encrypted);
        QVERIFY2(message.startsWith("tls.private_key: the private key is encrypted"),
                 qPrintable(message));
        QVERIFY(message.contains("expected an unencrypted PEM private key"));
        const QString legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                               "DEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        QVERIFY(Validators::check("pem_private_key_unencrypted", "tls.private_key", legacy)
                    .contains("encrypted"));
        QVERIFY(Validators::check("pem_private_key_unencrypted", "tls.private_key",
                                  "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")
                    .contains("not valid PEM"));
    }

    void keyMustMatchCertificate()
    {
        if (!m_pem ||
            !test::openssl(m_dir.path(), {"genpkey", "-algorithm", "EC", "-pkeyopt",
                                          "ec_paramgen_curve:P-256", "-out", "other.pem"}))
            QSKIP("needs: the openssl command line, to make test keys");
        const QString cert = test::readText(m_dir.filePath("cert.pem"));
        QCOMPARE(Validators::keyMismatch(cert, test::readText(m_dir.filePath("key.pem"))),
                 QString());
        const QString message =
            Validators::keyMismatch(cert, test::readText(m_dir.filePath("other.pem")));
        QVERIFY(message.startsWith("tls.private_key: does not belong"));
    }

    void awsRegionListIsReal()
    {
        for (const char *r :
             {"us-east-1", "us-gov-west-1", "cn-north-1", "sa-east-1", "me-south-1"})
            QVERIFY(Validators::awsRegions().contains(r));
        QVERIFY(!Validators::awsRegions().contains("us-central-1"));
    }
};

QTEST_GUILESS_MAIN(TestValidators)
#include "tst_validators.moc"
