// The check routes against bad input on a real gantryd: POST /v1/checks/ldap, /v1/checks/tls,
// /v1/checks/proxy, /v1/tls/self-signed and /v1/tls/fetch-chain answer a body that is not JSON,
// JSON that is not an object, missing fields, wrong types, malformed values and unknown fields
// with a 400 whose error names each field and its expected form, and a body over the route's
// limit with a 413; never a 500, and gantryd goes on serving. A settings_yaml alias bomb is
// refused at once. Viewers get 403 on every check route, admins logged in through LDAP do not.
#include "gantrydprocess.h"
#include "handshake.h"
#include "slapdserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

const QStringList kRoutes{"/v1/checks/ldap", "/v1/checks/tls", "/v1/checks/proxy",
                          "/v1/tls/self-signed", "/v1/tls/fetch-chain"};

QString describe(const HttpAnswer &a)
{
    return QStringLiteral("HTTP %1: %2").arg(a.status).arg(QString::fromUtf8(a.body.left(2000)));
}

// A YAML document whose aliases expand to 10^12 scalars when converted naively.
QByteArray aliasBomb(const QString &lastKey)
{
    QByteArray yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char previous = 'a';
    for (char c = 'b'; c <= 'l'; ++c) {
        yaml += QByteArray(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i)
            yaml += QByteArray(i ? ", *" : "*") + previous;
        yaml += "]\n";
        previous = c;
    }
    return yaml + lastKey.toUtf8() + ": *l\n";
}

} // namespace

class TestCheckRoutes final : public QObject
{
    Q_OBJECT

    GantrydProcess m_daemon;
    QByteArray m_token;

    HttpAnswer post(const QString &path, const QByteArray &body, const QByteArray &token = {})
    {
        return GantrydProcess::request(m_daemon.address() + path, "POST",
                                       token.isEmpty() ? m_token : token, body);
    }

    static QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_daemon.start({"--fleet", "local:1"}));
        m_token = gantry::Handshake::read(m_daemon.dataDir())->token.toLatin1();
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("mentions"); // in the message about the first field listed

        const QByteArray deep = "{\"ldap\": " + QByteArray(1500, '[') + QByteArray(1500, ']') + "}";
        for (const QString &path : kRoutes) {
            const QByteArray tag = path.toLatin1();
            QTest::newRow(tag + " not JSON") << path << QByteArray("{\"host\": ") << 400
                                             << QStringList{"body"} << "is not valid JSON (";
            QTest::newRow(tag + " array")
                << path << QByteArray("[1, 2]") << 400 << QStringList{"body"} << "not an object";
            QTest::newRow(tag + " string")
                << path << QByteArray("\"ci.example.org\"") << 400 << QStringList{"body"}
                << "the body is a JSON string, not an object; expected a JSON object such as {";
            QTest::newRow(tag + " empty")
                << path << QByteArray() << 400 << QStringList{"body"} << "the body is empty";
            QTest::newRow(tag + " nested too deep")
                << path << deep << 400 << QStringList{"body"} << "not valid JSON";
            QTest::newRow(tag + " over the limit")
                << path << QByteArray(2 * 1024 * 1024, ' ') << 413 << QStringList{"body"}
                << "expected at most";
        }
        const QList<QPair<QString, QByteArray>> otherwiseGood{
            {"/v1/checks/ldap",
             R"({"username": "a", "password": "b", "ldap": {"host": "127.0.0.1", "user_search_dn": "dc=x"}, "colour": "blue"})"},
            {"/v1/checks/tls", R"({"certificate": "x", "colour": "blue"})"},
            {"/v1/checks/proxy", json({{"url", "http://127.0.0.2:1/"}, {"colour", "blue"}})},
            {"/v1/tls/self-signed", R"({"hostname": "ci.example.org", "colour": "blue"})"},
            {"/v1/tls/fetch-chain", R"({"host": "127.0.0.1", "colour": "blue"})"}};
        for (const auto &[path, body] : otherwiseGood)
            QTest::newRow(qPrintable(path + " unknown field"))
                << path << body << 400 << QStringList{"colour"}
                << "is not a field of this request; expected only: ";
        QTest::newRow("self-signed over its 4 KiB limit")
            << "/v1/tls/self-signed" << QByteArray(5000, ' ') << 413 << QStringList{"body"}
            << "expected at most 4096 bytes";

        // LDAP test login.
        const QString ldap = "/v1/checks/ldap";
        QTest::newRow("ldap: nothing")
            << ldap << QByteArray("{}") << 400
            << QStringList{"username", "password", "ldap.host", "ldap.user_search_dn"}
            << "expected the test user's name";
        QTest::newRow("ldap: wrong types")
            << ldap
            << QByteArray(
                   R"({"username": 5, "password": true, "ldap": {"host": "ldap.example.org", "port": "389", "enabled": "yes", "user_search_dn": "ou=users,dc=example,dc=org"}})")
            << 400 << QStringList{"username", "password", "ldap.port", "ldap.enabled"}
            << "is a number; expected the test user's name as a string";
        QTest::newRow("ldap: malformed values")
            << ldap
            << QByteArray(
                   R"({"username": "alice", "password": "pw", "ldap": {"host": "ldap example org", "port": 70000, "encryption": "tls", "user_search_dn": "users", "username_attribute": "user name"}})")
            << 400
            << QStringList{"ldap.host", "ldap.port", "ldap.encryption", "ldap.user_search_dn",
                           "ldap.username_attribute"}
            << "expected a DNS name or an IP address";
        QTest::newRow("ldap: port out of range")
            << ldap
            << QByteArray(
                   R"({"username": "alice", "password": "pw", "ldap": {"host": "127.0.0.1", "port": 70000, "user_search_dn": "dc=example,dc=org"}})")
            << 400 << QStringList{"ldap.port"} << "expected a whole number from 1 to 65535";
        QTest::newRow("ldap: group not an object")
            << ldap << QByteArray(R"({"username": "a", "password": "b", "ldap": ["x"]})") << 400
            << QStringList{"ldap"} << "expected an object of ldap settings (enabled, server_type";
        QTest::newRow("ldap: unknown setting")
            << ldap
            << QByteArray(R"({"username": "a", "password": "b", "ldap": {"hostname": "x.org"}})")
            << 400 << QStringList{"ldap.hostname"} << "expected one of: enabled, server_type";
        QTest::newRow("ldap: kept secret never saved")
            << ldap
            << QByteArray(
                   R"({"username": "a", "password": "b", "ldap": {"host": "127.0.0.1", "user_search_dn": "dc=x", "search_password": {"set": true}}})")
            << 400 << QStringList{"ldap.search_password"} << "expected the secret itself";
        QTest::newRow("ldap: secret of the wrong type")
            << ldap
            << QByteArray(
                   R"({"username": "a", "password": "b", "ldap": {"host": "127.0.0.1", "user_search_dn": "dc=x", "search_password": 1234}})")
            << 400 << QStringList{"ldap.search_password"} << "{\"set\": true}";
        QTest::newRow("ldap: custom CA that is not PEM")
            << ldap
            << QByteArray(
                   R"({"username": "a", "password": "b", "ldap": {"host": "127.0.0.1", "user_search_dn": "dc=x"}, "tls": {"custom_root_cas": ["not a certificate"]}})")
            << 400 << QStringList{"tls.custom_root_cas[0]"} << "no PEM certificate found";
        QTest::newRow("ldap: settings_yaml syntax")
            << ldap << json({{"username", "a"}, {"password", "b"}, {"settings_yaml", "ldap: ["}})
            << 400 << QStringList{"settings_yaml"} << "expected a settings YAML document";
        QTest::newRow("ldap: settings_yaml types")
            << ldap
            << json({{"username", "a"},
                     {"password", "b"},
                     {"settings_yaml", "ldap:\n  host: ldap.example.org\n  port: many\n"
                                       "  user_search_dn: dc=example,dc=org\n"}})
            << 400 << QStringList{"ldap.port"}
            << "expected a whole number, got a scalar (line 3, column 9)";
        QTest::newRow("ldap: settings_yaml values")
            << ldap
            << json({{"username", "a"},
                     {"password", "b"},
                     {"settings_yaml", "ldap:\n  host: ldap.example.org\n  port: 0\n"
                                       "  user_search_dn: dc=example,dc=org\n"}})
            << 400 << QStringList{"ldap.port"}
            << "0 is out of range; expected a whole number from 1 to 65535 (line 3, column 3)";
        QTest::newRow("ldap: settings_yaml not a string")
            << ldap << json({{"username", "a"}, {"password", "b"}, {"settings_yaml", 5}}) << 400
            << QStringList{"settings_yaml"} << "is a number; expected a settings YAML document";
        QTest::newRow("ldap: settings_yaml and groups")
            << ldap
            << json({{"username", "a"},
                     {"password", "b"},
                     {"settings_yaml", "ldap: {host: x.org}"},
                     {"ldap", QJsonObject{}}})
            << 400 << QStringList{"settings_yaml"} << "expected the settings one way";

        // TLS verify.
        const QString tls = "/v1/checks/tls";
        QTest::newRow("tls: nothing")
            << tls << QByteArray("{}") << 400 << QStringList{"tls.certificate"}
            << "expected one or more PEM certificates";
        QTest::newRow("tls: flat wrong types and forms")
            << tls
            << QByteArray(
                   R"({"certificate": 5, "private_key": ["k"], "hostname": "ci example org", "custom_root_cas": "not a certificate"})")
            << 400 << QStringList{"certificate", "private_key", "hostname", "custom_root_cas[0]"}
            << "is a number; expected a string, one or more PEM certificates";
        QTest::newRow("tls: groups wrong types")
            << tls
            << QByteArray(
                   R"({"tls": {"certificate": "x", "custom_root_cas": 5, "ssl_only": "no"}, "general": {"hostname": 7}})")
            << 400 << QStringList{"tls.custom_root_cas", "tls.ssl_only", "general.hostname"}
            << "expected a list of strings";
        QTest::newRow("tls: flat and groups")
            << tls << QByteArray(R"({"certificate": "x", "tls": {"certificate": "y"}})") << 400
            << QStringList{"certificate"} << "expected the settings one way";

        // Proxy test.
        const QString proxy = "/v1/checks/proxy";
        QTest::newRow("proxy: nothing")
            << proxy << QByteArray("{}") << 400 << QStringList{"url"} << "general.hostname";
        QTest::newRow("proxy: url without scheme")
            << proxy << QByteArray(R"({"url": "example.org/index.html"})") << 400
            << QStringList{"url"} << "expected http(s)://<host>";
        QTest::newRow("proxy: url not http")
            << proxy << json({{"url", "ftp://example.org/"}}) << 400 << QStringList{"url"}
            << "the scheme must be http or https";
        QTest::newRow("proxy: url a number")
            << proxy << QByteArray(R"({"url": 80})") << 400 << QStringList{"url"}
            << "is a number; expected http(s)://";
        QTest::newRow("proxy: flat malformed")
            << proxy
            << json({{"url", "http://127.0.0.2:1/"},
                     {"http_proxy", "proxy:3128"},
                     {"https_proxy", 7},
                     {"no_proxy", QJsonArray{"ok.example.org", "not ok"}}})
            << 400 << QStringList{"http_proxy", "https_proxy", "no_proxy[1]"}
            << "the protocol is missing; expected <protocol>://<ip-or-host>:<port>";
        QTest::newRow("proxy: group malformed")
            << proxy
            << json({{"url", "http://127.0.0.2:1/"},
                     {"proxy",
                      QJsonObject{{"no_proxy", 5}, {"http_proxy", "http://10.0.0.33:99999"}}}})
            << 400 << QStringList{"proxy.no_proxy", "proxy.http_proxy"}
            << "expected a list of strings";

        // Self-signed certificate.
        const QString selfSigned = "/v1/tls/self-signed";
        QTest::newRow("self-signed: nothing")
            << selfSigned << QByteArray("{}") << 400 << QStringList{"hostname"}
            << "expected the DNS name or IP address users reach";
        QTest::newRow("self-signed: hostname with spaces")
            << selfSigned << QByteArray(R"({"hostname": "ci example org"})") << 400
            << QStringList{"hostname"} << "expected e.g. ci.example.org";
        QTest::newRow("self-signed: hostname a number")
            << selfSigned << QByteArray(R"({"hostname": 10})") << 400 << QStringList{"hostname"}
            << "is a number";
        QTest::newRow("self-signed: days as a string")
            << selfSigned << QByteArray(R"({"hostname": "ci.example.org", "days": "30"})") << 400
            << QStringList{"days"} << "is a string; expected a whole number from 1 to 3650";
        QTest::newRow("self-signed: days out of range")
            << selfSigned << QByteArray(R"({"hostname": "ci.example.org", "days": 3651})") << 400
            << QStringList{"days"} << "3651 is out of range; expected a whole number from 1";
        QTest::newRow("self-signed: days not whole")
            << selfSigned << QByteArray(R"({"hostname": "ci.example.org", "days": 1.5})") << 400
            << QStringList{"days"} << "not a whole number";
        QTest::newRow("self-signed: days huge")
            << selfSigned << QByteArray(R"({"hostname": "ci.example.org", "days": 1e300})") << 400
            << QStringList{"days"} << "expected a whole number from 1 to 3650";

        // Fetch chain.
        const QString fetch = "/v1/tls/fetch-chain";
        QTest::newRow("fetch-chain: nothing")
            << fetch << QByteArray("{}") << 400 << QStringList{"host"}
            << "expected a DNS name or an IP address";
        QTest::newRow("fetch-chain: host with spaces")
            << fetch << QByteArray(R"({"host": "ldap example org", "port": 636})") << 400
            << QStringList{"host"} << "expected a DNS name or an IP address";
        QTest::newRow("fetch-chain: host a URL")
            << fetch << json({{"host", "https://ldap.example.org"}}) << 400 << QStringList{"host"}
            << "neither a DNS name nor an IP address";
        QTest::newRow("fetch-chain: port 70000")
            << fetch << QByteArray(R"({"host": "ldap.example.org", "port": 70000})") << 400
            << QStringList{"port"}
            << "70000 is out of range; expected a whole number from 1 to "
               "65535";
        QTest::newRow("fetch-chain: port as a string")
            << fetch << QByteArray(R"({"host": "ldap.example.org", "port": "636"})") << 400
            << QStringList{"port"} << "is a string";
        QTest::newRow("fetch-chain: port negative")
            << fetch << QByteArray(R"({"host": "ldap.example.org", "port": -1})") << 400
            << QStringList{"port"} << "-1 is out of range";
    }

    void badInput()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QStringList, fields);
        QFETCH(QString, mentions);
        const HttpAnswer a = post(path, body);
        QVERIFY2(a.status == status, qPrintable(describe(a)));
        const QJsonObject error = a.json()["error"].toObject();
        QCOMPARE(error["code"].toString(), status == 413                   ? "body_too_large"
                                           : fields == QStringList{"body"} ? "invalid_body"
                                                                           : "validation_failed");
        QVERIFY2(!error["message"].toString().isEmpty(), qPrintable(describe(a)));
        QStringList named;
        for (const QJsonValue &f : error["fields"].toArray()) {
            const QJsonObject field = f.toObject();
            named << field["field"].toString();
            // Every error says what is wrong and what is expected, without repeating the name.
            const QString message = field["message"].toString();
            QVERIFY2(message.contains("expected"), qPrintable(describe(a)));
            QVERIFY2(!message.startsWith(field["field"].toString() + ":"), qPrintable(describe(a)));
        }
        QStringList expected = fields;
        named.sort();
        expected.sort();
        QCOMPARE(named, expected);
        // The field the row is about says the expected form in its own words.
        bool mentioned = false;
        for (const QJsonValue &f : error["fields"].toArray())
            mentioned = mentioned || (f.toObject()["field"].toString() == fields.first() &&
                                      f.toObject()["message"].toString().contains(mentions));
        QVERIFY2(mentioned, qPrintable(describe(a)));
    }

    void aliasBombIsRefusedAtOnce()
    {
        // Unknown groups are not expanded, and neither is a known group's item.
        for (const QString &key : {QStringLiteral("zzz"), QStringLiteral("ldap")}) {
            QElapsedTimer timer;
            timer.start();
            const HttpAnswer a = post("/v1/checks/ldap",
                                      json({{"username", "alice"},
                                            {"password", "pw"},
                                            {"settings_yaml", QString::fromUtf8(aliasBomb(key))}}));
            QVERIFY2(a.status == 400, qPrintable(describe(a)));
            QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        }
        QFile status(QStringLiteral("/proc/%1/status").arg(m_daemon.process().processId()));
        QVERIFY(status.open(QIODevice::ReadOnly));
        const QByteArray text = status.readAll();
        const qsizetype at = text.indexOf("VmRSS:");
        QVERIFY(at >= 0);
        const qint64 rssKb = text.mid(at + 6, text.indexOf('\n', at) - at - 6)
                                 .replace("kB", "")
                                 .trimmed()
                                 .toLongLong();
        QVERIFY2(rssKb < 512 * 1024, qPrintable(QString::number(rssKb)));
    }

    void stillServing()
    {
        QCOMPARE(m_daemon.process().state(), QProcess::Running);
        QCOMPARE(m_daemon.get("/v1/health").status, 200);
        // A good request still works after all that.
        const HttpAnswer made =
            post("/v1/tls/self-signed", R"({"hostname": "ci.example.org", "days": 2})");
        QVERIFY2(made.status == 200, qPrintable(describe(made)));
        QVERIFY(made.json()["certificate"].toString().startsWith("-----BEGIN CERTIFICATE-----"));
    }

    void viewersGet403()
    {
        if (const QString missing = gantry::testing::SlapdServer::missing(); !missing.isEmpty())
            QSKIP(qPrintable("needs: slapd (Debian package slapd): " + missing));
        gantry::testing::SlapdServer slapd;
        QString why;
        QVERIFY2(slapd.start(&why), qPrintable(why));
        QJsonObject ldap = slapd.settings("plain").value("ldap").toObject();
        ldap.insert("enabled", true);
        const QJsonObject doc{{"general", QJsonObject{{"hostname", "ci.example.com"}}},
                              {"license", QJsonObject{{"agreed", true}}},
                              {"ldap", ldap}};
        const HttpAnswer staged =
            GantrydProcess::request(m_daemon.address() + "/v1/settings", "PUT", m_token, json(doc));
        QVERIFY2(staged.status == 200, qPrintable(describe(staged)));
        QCOMPARE(post("/v1/settings/apply", {}).status, 200);
        // The first user to log in is an admin, the next one a viewer.
        const QByteArray admin =
            post("/v1/login", R"({"username": "alice", "password": "alice-pw"})", "none")
                .json()["token"]
                .toString()
                .toLatin1();
        const HttpAnswer bob =
            post("/v1/login", R"({"username": "bob", "password": "bob-pw"})", "none");
        QCOMPARE(bob.json()["user"].toObject()["role"].toString(), "viewer");
        const QByteArray viewer = bob.json()["token"].toString().toLatin1();
        QVERIFY(!admin.isEmpty() && !viewer.isEmpty());
        for (const QString &path : kRoutes) {
            const HttpAnswer refused = post(path, "{}", viewer);
            QVERIFY2(refused.status == 403, qPrintable(path + ": " + describe(refused)));
            QCOMPARE(refused.json()["error"].toObject()["code"].toString(), "forbidden");
            // An admin's session gets through to the validation.
            const HttpAnswer admitted = post(path, "[]", admin);
            QVERIFY2(admitted.status == 400, qPrintable(path + ": " + describe(admitted)));
        }
        // The applied settings fill in what the request leaves out, secrets included: an LDAP
        // test with the saved search password, through the route, against the real slapd.
        const HttpAnswer test =
            post("/v1/checks/ldap",
                 json({{"username", "alice"},
                       {"password", "alice-pw"},
                       {"ldap", QJsonObject{{"host", "127.0.0.1"},
                                            {"port", ldap["port"]},
                                            {"encryption", "plain"},
                                            {"search_user", ldap["search_user"]},
                                            {"search_password", QJsonObject{{"set", true}}},
                                            {"user_search_dn", ldap["user_search_dn"]}}}}),
                 admin);
        QVERIFY2(test.status == 200 && test.json()["ok"].toBool(), qPrintable(describe(test)));

        // The saved search password goes to the saved server only: another host, port or
        // encryption with {"set": true} is refused before anything connects.
        const QList<QPair<QString, QJsonValue>> elsewhere{
            {"host", "localhost"}, {"port", ldap["port"].toInt() + 1}, {"encryption", "ldaps"}};
        for (const auto &[field, value] : elsewhere) {
            QJsonObject group{{"host", "127.0.0.1"},
                              {"port", ldap["port"]},
                              {"encryption", "plain"},
                              {"search_user", ldap["search_user"]},
                              {"search_password", QJsonObject{{"set", true}}},
                              {"user_search_dn", ldap["user_search_dn"]}};
            group.insert(field, value);
            const HttpAnswer moved = post(
                "/v1/checks/ldap",
                json({{"username", "alice"}, {"password", "alice-pw"}, {"ldap", group}}), admin);
            QVERIFY2(moved.status == 400, qPrintable(field + ": " + describe(moved)));
            const QJsonArray fields = moved.json()["error"].toObject()["fields"].toArray();
            QCOMPARE(fields.size(), 1);
            QCOMPARE(fields[0].toObject()["field"].toString(), "ldap.search_password");
            const QString message = fields[0].toObject()["message"].toString();
            QVERIFY2(message.contains("ldap." + field) && message.contains("the secret itself"),
                     qPrintable(message));
        }
    }
};

QTEST_GUILESS_MAIN(TestCheckRoutes)
#include "tst_checkroutes.moc"
