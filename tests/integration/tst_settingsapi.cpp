// Settings through a real gantryd and gantryctl: staging with If-Match, every error at once,
// license and write-once refusals, history/diff/rollback, secrets never on disk in plaintext
// outside 0600 rendered files, kill -9 during apply, HTTPS from applied tls settings, and console
// login through a real slapd.
#include "gantrydprocess.h"
#include "handshake.h"
#include "slapdserver.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>

#include <sys/stat.h>

class TestSettingsApi final : public QObject
{
    Q_OBJECT

    static QByteArray token(const QString &dataDir)
    {
        return gantry::Handshake::read(dataDir)->token.toLatin1();
    }
    static HttpAnswer api(GantrydProcess &d, const QByteArray &method, const QString &path,
                          const QByteArray &body = {}, const QByteArray &auth = {})
    {
        return GantrydProcess::request(d.address() + path, method,
                                       auth.isEmpty() ? token(d.dataDir()) : auth, body);
    }
    struct Run
    {
        int code = -1;
        QByteArray out, err;
    };
    static Run ctl(const QString &dataDir, const QStringList &args,
                   const QByteArray &stdinText = {})
    {
        QProcess p;
        p.start(GantrydProcess::binary("gantryctl"), QStringList{"--data-dir", dataDir} + args);
        p.write(stdinText);
        p.closeWriteChannel();
        p.waitForFinished(30000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }
    static QString writeFile(QTemporaryDir &dir, const QString &name, const QByteArray &content)
    {
        QFile f(dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return f.fileName();
    }
    static constexpr char kBase[] =
        "general:\n  hostname: ci.example.com\nlicense:\n  agreed: true\n";

private Q_SLOTS:
    void stageApplyHistoryDiffRollback()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QTemporaryDir tmp;
        // Every problem at once, each naming its setting; nothing is staged.
        const HttpAnswer bad =
            api(d, "PUT", "/v1/settings",
                "general:\n  hostname: 'not a host!'\nproxy:\n  http_proxy: proxy:3128\n");
        QCOMPARE(bad.status, 400);
        const QJsonArray fields = bad.json()["error"].toObject()["fields"].toArray();
        QStringList named;
        for (const QJsonValue &f : fields)
            named << f.toObject()["field"].toString();
        QVERIFY2(named.contains("general.hostname") && named.contains("proxy.http_proxy"),
                 qPrintable(named.join(",")));
        QCOMPARE(api(d, "GET", "/v1/settings").json()["staged"].toBool(), false);
        const HttpAnswer unknown = api(d, "PUT", "/v1/settings", "nope: 1\n");
        QCOMPARE(unknown.status, 400);
        QVERIFY(unknown.body.contains("nope"));
        // The license must be agreed before anything applies.
        QCOMPARE(api(d, "PUT", "/v1/settings", "general:\n  hostname: ci.example.com\n").status,
                 200);
        const HttpAnswer refused = api(d, "POST", "/v1/settings/apply");
        QCOMPARE(refused.status, 400);
        QVERIFY(refused.body.contains("license.agreed"));
        // Version 1, 2; write-once github.url; diff; rollback.
        QCOMPARE(ctl(d.dataDir(), {"settings", "import",
                                   writeFile(tmp, "v1.yaml",
                                             QByteArray(kBase) +
                                                 "github:\n  url: https://github.example.com\n")})
                     .code,
                 0);
        QCOMPARE(ctl(d.dataDir(), {"settings", "apply"}).code, 0);
        QCOMPARE(ctl(d.dataDir(),
                     {"settings", "import",
                      writeFile(tmp, "v2.yaml",
                                "general:\n  hostname: ci2.example.com\nlicense:\n  agreed: "
                                "true\ngithub:\n  url: https://github.example.com\n")})
                     .code,
                 0);
        QCOMPARE(ctl(d.dataDir(), {"settings", "apply", "-json"}).code, 0);
        const Run locked =
            ctl(d.dataDir(),
                {"settings", "import",
                 writeFile(tmp, "v3.yaml",
                           QByteArray(kBase) + "github:\n  url: https://other.example.com\n")});
        QCOMPARE(locked.code, 1);
        QVERIFY2(locked.out.contains("github.url"), locked.out.constData());
        const QJsonArray history =
            QJsonDocument::fromJson(ctl(d.dataDir(), {"settings", "history", "-json"}).out).array();
        QCOMPARE(history.size(), 2);
        const QJsonObject diff =
            QJsonDocument::fromJson(ctl(d.dataDir(), {"settings", "diff", "1", "2", "-json"}).out)
                .object();
        QCOMPARE(diff["changes"].toArray().size(), 1);
        QCOMPARE(diff["changes"].toArray()[0].toObject()["path"].toString(), "general.hostname");
        QCOMPARE(ctl(d.dataDir(), {"settings", "rollback", "-yes", "1"}).code, 0);
        QCOMPARE(api(d, "GET", "/v1/settings").json()["version"].toInt(), 3);
        QCOMPARE(ctl(d.dataDir(), {"settings", "get", "general.hostname"}).out.trimmed(),
                 QByteArray("ci.example.com"));
        // Oversized drafts.
        QCOMPARE(api(d, "PUT", "/v1/settings", QByteArray(2 * 1024 * 1024, '#')).status, 413);
        // Applies are audited, without secret values.
        QVERIFY(ctl(d.dataDir(), {"audit", "list", "-action", "settings.*"})
                    .out.contains("settings.rollback"));
    }

    void staleIfMatchIsAConflict()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QTemporaryDir tmp;
        QCOMPARE(ctl(d.dataDir(), {"settings", "import", writeFile(tmp, "a.yaml", kBase)}).code, 0);
        QCOMPARE(ctl(d.dataDir(), {"settings", "apply"}).code, 0);
        // A raw request based on version 0 while 1 is current.
        QProcess curl;
        curl.start("curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H",
                            "Authorization: Bearer " + token(d.dataDir()), "-H", "If-Match: \"0\"",
                            "--data-binary", kBase, d.address() + "/v1/settings"});
        QVERIFY(curl.waitForFinished(10000));
        QCOMPARE(curl.readAllStandardOutput(), QByteArray("409"));
    }

    void secretsAreNeverStoredInPlaintext()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QTemporaryDir tmp;
        const QByteArray secret =
            "Sup3r-S3cret-" + QByteArray::number(QRandomGenerator::global()->generate());
        const QByteArray yaml = QByteArray(kBase) + "github:\n  oauth_client_secret: \"" + secret +
                                "\"\n"
                                "proxy:\n  http_proxy: http://user:" +
                                secret + "@proxy.example.com:3128\n";
        Run r = ctl(d.dataDir(), {"settings", "import", writeFile(tmp, "s.yaml", yaml)});
        if (r.code !=
            0) // a password in the proxy URL may be refused: keep only the secret item then
            QCOMPARE(ctl(d.dataDir(),
                         {"settings", "import",
                          writeFile(tmp, "s.yaml",
                                    QByteArray(kBase) + "github:\n  oauth_client_secret: \"" +
                                        secret + "\"\n")})
                         .code,
                     0);
        QCOMPARE(ctl(d.dataDir(), {"settings", "apply"}).code, 0);
        QVERIFY(!api(d, "GET", "/v1/settings").body.contains(secret)); // never returned
        for (QDirIterator it(d.dataDir(), QDir::Files | QDir::Hidden | QDir::System,
                             QDirIterator::Subdirectories);
             it.hasNext();) {
            const QString path = it.next();
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly) || !f.readAll().contains(secret))
                continue;
            struct stat st
            {};
            ::stat(QFile::encodeName(path).constData(), &st);
            QVERIFY2(path.contains("/rendered/"),
                     qPrintable("plaintext secret outside rendered/: " + path));
            QVERIFY2((st.st_mode & 0777) == 0600,
                     qPrintable("rendered file with a secret is not 0600: " + path));
        }
    }

    void killDuringApplyLeavesOldOrNew()
    {
        QTemporaryDir tmp;
        const QString data = tmp.filePath("data");
        QRandomGenerator random(42);
        int lastSeen = 0;
        for (int round = 0; round < 8; ++round) {
            GantrydProcess d(data);
            QVERIFY(d.start({"--fleet", "local:1"}));
            // Whatever survived the last kill must be one whole version.
            const QJsonObject current = api(d, "GET", "/v1/settings").json();
            const int version = current["version"].toInt();
            QVERIFY(version >= lastSeen);
            lastSeen = version;
            if (version > 0) {
                const QJsonObject recorded =
                    api(d, "GET", QString("/v1/settings/history/%1").arg(version)).json();
                QCOMPARE(recorded["settings"].toObject()["general"].toObject()["hostname"],
                         current["settings"].toObject()["general"].toObject()["hostname"]);
                QFile rendered(
                    data + QString("/rendered/%1/circle-installation-customizations").arg(version));
                QVERIFY(rendered.open(QIODevice::ReadOnly));
                QVERIFY(rendered.readAll().contains(current["settings"]
                                                        .toObject()["general"]
                                                        .toObject()["hostname"]
                                                        .toString()
                                                        .toUtf8()));
            }
            const QByteArray yaml =
                QString("general:\n  hostname: round%1.example.com\n  circle_url: "
                        "https://round%1.example.com\nlicense:\n  agreed: true\n")
                    .arg(round)
                    .toUtf8();
            QCOMPARE(api(d, "PUT", "/v1/settings", yaml).status, 200);
            // Apply, and kill -9 somewhere between "just asked" and "surely done".
            QProcess curl;
            curl.start("curl", {"-s", "-X", "POST", "-H", "Authorization: Bearer " + token(data),
                                d.address() + "/v1/settings/apply"});
            QThread::usleep(random.bounded(0, 30000));
            d.process().kill();
            QVERIFY(d.waitExited());
            curl.waitForFinished(5000);
        }
    }

    void httpsFromAppliedTlsSettings()
    {
        QTemporaryDir tmp;
        const QString data = tmp.filePath("data");
        {
            GantrydProcess d(data);
            QVERIFY(d.start({"--fleet", "local:1"}));
            const QJsonObject cert =
                api(d, "POST", "/v1/tls/self-signed", R"({"hostname": "127.0.0.1", "days": 2})")
                    .json();
            QVERIFY(cert["certificate"].toString().contains("BEGIN CERTIFICATE"));
            QJsonObject doc{{"general", QJsonObject{{"hostname", "127.0.0.1"}}},
                            {"license", QJsonObject{{"agreed", true}}},
                            {"tls", QJsonObject{{"certificate", cert["certificate"]},
                                                {"private_key", cert["private_key"]}}}};
            // JSON is YAML: the draft can be sent as JSON text.
            const HttpAnswer staged = api(d, "PUT", "/v1/settings", QJsonDocument(doc).toJson());
            QVERIFY2(staged.status == 200, staged.body.constData());
            const HttpAnswer applied = api(d, "POST", "/v1/settings/apply");
            QCOMPARE(applied.status, 200);
            QVERIFY(applied.json()["restart_required"].toBool());
            QVERIFY(d.address().startsWith("http://"));
        }
        GantrydProcess again(data);
        QVERIFY(again.start({"--fleet", "local:1"}));
        QVERIFY2(again.address().startsWith("https://"), qPrintable(again.address()));
        const Run health = ctl(data, {"health"});
        QVERIFY2(health.code == 0, health.err.constData());
    }

    void loginThroughLdap()
    {
        if (!gantry::testing::SlapdServer::missing().isEmpty())
            QSKIP(qPrintable("needs: " + gantry::testing::SlapdServer::missing()));
        gantry::testing::SlapdServer slapd;
        QString why;
        QVERIFY2(slapd.start(&why), qPrintable(why));
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        // With LDAP off, the token is the only way in.
        QCOMPARE(
            api(d, "POST", "/v1/login", R"({"username": "alice", "password": "alice-pw"})", "none")
                .status,
            409);
        QJsonObject ldap = slapd.settings("starttls").value("ldap").toObject();
        ldap.insert("enabled", true);
        const QJsonObject doc{{"general", QJsonObject{{"hostname", "ci.example.com"}}},
                              {"license", QJsonObject{{"agreed", true}}},
                              {"ldap", ldap},
                              {"tls", slapd.settings("starttls").value("tls")}};
        const HttpAnswer staged = api(d, "PUT", "/v1/settings", QJsonDocument(doc).toJson());
        QVERIFY2(staged.status == 200, staged.body.constData());
        QCOMPARE(api(d, "POST", "/v1/settings/apply").status, 200);
        // /v1/health now tells a console that it may offer an LDAP sign-in.
        QCOMPARE(api(d, "GET", "/v1/health", {}, "none").json()["login"].toArray(),
                 (QJsonArray{"token", "ldap"}));
        // The test button, with the applied settings.
        const Run test =
            ctl(d.dataDir(), {"ldap", "test", "-user", "alice", "-password-stdin"}, "alice-pw\n");
        QVERIFY2(test.code == 0, test.out.constData());
        QCOMPARE(
            ctl(d.dataDir(), {"ldap", "test", "-user", "alice", "-password-stdin"}, "wrong\n").code,
            1);
        // First login is admin, the next one a viewer.
        const HttpAnswer alice =
            api(d, "POST", "/v1/login", R"({"username": "alice", "password": "alice-pw"})", "none");
        QVERIFY2(alice.status == 200, alice.body.constData());
        QCOMPARE(alice.json()["user"].toObject()["role"].toString(), "admin");
        const HttpAnswer bob =
            api(d, "POST", "/v1/login", R"({"username": "bob", "password": "bob-pw"})", "none");
        QCOMPARE(bob.json()["user"].toObject()["role"].toString(), "viewer");
        const QByteArray bobToken = bob.json()["token"].toString().toLatin1();
        QCOMPARE(api(d, "GET", "/v1/settings", {}, bobToken).status, 200);
        QCOMPARE(api(d, "PUT", "/v1/settings", kBase, bobToken).status, 403);
        QCOMPARE(api(d, "POST", "/v1/login", R"({"username": "*)(uid=*", "password": "x"})", "none")
                     .status,
                 401);
        QVERIFY(ctl(d.dataDir(), {"audit", "list", "-action", "user.*"})
                    .out.contains("user.logged_in"));
    }
};

QTEST_GUILESS_MAIN(TestSettingsApi)
#include "tst_settingsapi.moc"
