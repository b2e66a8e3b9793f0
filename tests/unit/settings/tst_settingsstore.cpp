#include "audit/auditsink.h"
#include "settings/settingsstore.h"
#include "testschema.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <sys/stat.h>

using namespace gantry;

namespace {

const QByteArray kPassword = "ldap-pw-7f3a9c";
const QByteArray kCloudwatchSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const QByteArray kDatadogKey = "0123456789abcdef0123456789abcdef";
const QByteArray kDatabaseUrl = "postgresql://gantry:db-pw-42@db.example.com:5432/gantry";

QByteArray baseDraft(const QByteArray &extra = {})
{
    return "general: {hostname: ci.example.com}\nlicense: {agreed: true}\n"
           "github: {url: 'https://ghe.example.com'}\n" +
           extra;
}

QByteArray secretsDraft(const QByteArray &extra = {})
{
    return baseDraft("ldap:\n  enabled: true\n  host: ldap.example.com\n"
                     "  search_user: cn=admin,dc=example,dc=org\n  search_password: " +
                     kPassword +
                     "\n  user_search_dn: ou=users,dc=example,dc=org\n"
                     "metrics:\n  cloudwatch:\n    enabled: true\n    auth: iam_user\n"
                     "    access_key_id: AKIAIOSFODNN7EXAMPLE\n    secret_access_key: " +
                     kCloudwatchSecret + "\n  datadog: {enabled: true, api_key: " + kDatadogKey +
                     "}\nstorage: {database_url: '" + kDatabaseUrl + "'}\n" + extra);
}

// The value at a dotted path of nested JSON objects.
QJsonValue at(const QJsonObject &object, const QString &path)
{
    QJsonValue v = object;
    for (const QString &key : path.split('.'))
        v = v.toObject().value(key);
    return v;
}

int mode(const QString &path)
{
    struct stat st
    {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

QString fields(const SettingsResult &r)
{
    QStringList list;
    for (const auto &e : r.errors)
        list.append(e.field + ": " + e.message);
    return r.message + " | " + list.join(" | ");
}

} // namespace

class TestSettingsStore final : public QObject
{
    Q_OBJECT
private:
    SettingsSchema m_schema = test::loadSchema();
    SecretKey m_key = SecretKey::generate();
    std::unique_ptr<QTemporaryDir> m_dir;
    RecordingAuditSink m_audit;
    std::unique_ptr<SettingsStore> m_store;

    void reopen(const SecretKey &key)
    {
        m_store = std::make_unique<SettingsStore>(m_dir->path(), m_schema, key, &m_audit);
        const QString why = m_store->open();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    SettingsResult stageAndApply(const QByteArray &yaml, const QString &actor = "alice")
    {
        const SettingsResult staged = m_store->stage(yaml, m_store->currentVersion());
        if (!staged.ok())
            return staged;
        return m_store->apply(actor);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_audit.clear();
        reopen(m_key);
    }

    void emptyStoreStartsAtZero()
    {
        QCOMPARE(m_store->currentVersion(), 0);
        const QJsonObject api = m_store->currentForApi();
        QCOMPARE(api["version"].toInt(), 0);
        QCOMPARE(at(api, "settings.github.url").toString(), "https://github.com");
        QCOMPARE(at(api, "settings.ldap.search_password").toObject(),
                 (QJsonObject{{"set", false}}));
        QVERIFY(m_store->history().isEmpty());
        QVERIFY(!m_store->hasStaged());
        const SettingsResult nothing = m_store->apply("alice");
        QCOMPARE(nothing.httpStatus(), 400);
    }

    void firstApplyIsVersionOne()
    {
        const SettingsResult r = stageAndApply(baseDraft());
        QVERIFY2(r.ok(), qPrintable(fields(r)));
        QCOMPARE(r.version, 1);
        QCOMPARE(r.toJson(), (QJsonObject{{"version", 1}}));
        const QString data = m_dir->path();
        QCOMPARE(QFile::symLinkTarget(data + "/current"), data + "/versions/1");
        QVERIFY(QFile::exists(data + "/settings.yaml"));
        QVERIFY(test::readText(data + "/settings.yaml").contains("ci.example.com"));
        QCOMPARE(mode(data + "/versions/1/secrets.json"), 0600);
        QVERIFY(QFile::exists(data + "/rendered/1/circle-installation-customizations"));
        QVERIFY(!m_store->hasStaged());
        reopen(m_key);
        QCOMPARE(m_store->currentVersion(), 1);
        QCOMPARE(m_store->current().value("general.hostname"), QJsonValue("ci.example.com"));
    }

    void invalidDraftsAreRefusedWithEveryError()
    {
        const SettingsResult r = m_store->stage("general: {hostname: 'bad host'}\nldap: "
                                                "{enabled: true}\n",
                                                0);
        QCOMPARE(r.status, SettingsStatus::Invalid);
        QCOMPARE(r.httpStatus(), 400);
        QVERIFY(r.errors.size() >= 5);
        const QJsonObject body = r.toJson();
        QCOMPARE(at(body, "error.code").toString(), "validation_failed");
        QCOMPARE(at(body, "error.fields").toArray().size(), r.errors.size());
        const SettingsResult syntax = m_store->stage("general: [\n", 0);
        QCOMPARE(syntax.status, SettingsStatus::Invalid);
        QVERIFY(syntax.errors[0].message.startsWith("line "));
    }

    void licenseMustBeAgreed()
    {
        QByteArray draft = baseDraft();
        draft.replace("agreed: true", "agreed: false");
        QVERIFY(m_store->stage(draft, 0).ok()); // staging is allowed
        const SettingsResult r = m_store->apply("alice");
        QCOMPARE(r.status, SettingsStatus::Invalid);
        QCOMPARE(r.errors.size(), 1);
        QCOMPARE(r.errors[0].field, "license.agreed");
        QVERIFY(r.errors[0].message.contains("license agreement must be accepted"));
        QCOMPARE(m_store->currentVersion(), 0);
        QVERIFY(!QFile::exists(m_dir->filePath("current")));
        QVERIFY(!m_audit.events().last().success);
    }

    void staleBaseIsAConflict()
    {
        QVERIFY(stageAndApply(baseDraft()).ok());
        const SettingsResult stale = m_store->stage(baseDraft(), 0);
        QCOMPARE(stale.status, SettingsStatus::Conflict);
        QCOMPARE(stale.httpStatus(), 409);
        QCOMPARE(at(stale.toJson(), "error.code").toString(), "version_conflict");
        // Staged on version 1, but a rollback made version 2 current meanwhile.
        QVERIFY(m_store->stage(baseDraft("usage_statistics: {enabled: true}\n"), 1).ok());
        QVERIFY(m_store->rollback(1, "bob").ok());
        QCOMPARE(m_store->apply("alice").status, SettingsStatus::Conflict);
        QVERIFY(m_store->stage(baseDraft(), SettingsStore::kAnyVersion).ok());
    }

    void githubUrlIsWriteOnce()
    {
        QVERIFY(stageAndApply(baseDraft()).ok());
        QByteArray moved = baseDraft();
        moved.replace("ghe.example.com", "ghe2.example.com");
        const QList<FieldError> errors = m_store->validate(moved);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0].field, "github.url");
        QVERIFY(errors[0].message.contains("github.url: cannot change after the first apply"));
        QVERIFY(errors[0].message.contains("https://ghe.example.com"));
        const SettingsResult r = m_store->stage(moved, 1);
        QCOMPARE(r.status, SettingsStatus::Invalid);
        QCOMPARE(r.errors[0].field, "github.url");
        QVERIFY(m_store->validate(baseDraft()).isEmpty()); // unchanged is fine
    }

    void secretsKeepSetClear()
    {
        QVERIFY2(stageAndApply(secretsDraft()).ok(),
                 qPrintable(fields(stageAndApply(secretsDraft()))));
        QCOMPARE(m_store->current().secret("ldap.search_password"), QString(kPassword));
        const QByteArray api = QJsonDocument(m_store->currentForApi()).toJson();
        QVERIFY(!api.contains(kPassword));
        QVERIFY(!api.contains(kDatadogKey));
        QCOMPARE(at(m_store->currentForApi(), "settings.ldap.search_password").toObject(),
                 (QJsonObject{{"set", true}}));
        // Keep by leaving out / {set: true}; clear with null.
        QByteArray next = secretsDraft();
        next.replace("search_password: " + kPassword, "search_password: {set: true}");
        next.replace("api_key: " + kDatadogKey, "api_key: {set: true}");
        next.replace("storage: {database_url: '" + kDatabaseUrl + "'}",
                     "storage: {database_url: null}");
        const SettingsResult r = stageAndApply(next);
        QVERIFY2(r.ok(), qPrintable(fields(r)));
        reopen(m_key);
        QCOMPARE(m_store->current().secret("ldap.search_password"), QString(kPassword));
        QCOMPARE(m_store->current().secret("metrics.datadog.api_key"), QString(kDatadogKey));
        QVERIFY(!m_store->current().secret("storage.database_url"));
        // A required secret cleared is an error naming it.
        QByteArray cleared = secretsDraft();
        cleared.replace("search_password: " + kPassword, "search_password: null");
        const QList<FieldError> errors = m_store->validate(cleared);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors[0].field, "ldap.search_password");
    }

    void wrongKeyCannotOpen()
    {
        QVERIFY(stageAndApply(secretsDraft()).ok());
        SettingsStore other(m_dir->path(), m_schema, SecretKey::generate());
        const QString why = other.open();
        QVERIFY(why.contains("cannot decrypt"));
    }

    void historyDiffRollbackAndAudit()
    {
        QVERIFY(stageAndApply(secretsDraft(), "alice").ok());
        QByteArray v2 = secretsDraft("proxy: {http_proxy: 'http://10.0.0.33:3128'}\n");
        v2.replace(kDatadogKey, "fedcba9876543210fedcba9876543210");
        QVERIFY(stageAndApply(v2, "bob").ok());
        const SettingsResult rb = m_store->rollback(1, "carol");
        QVERIFY2(rb.ok(), qPrintable(fields(rb)));
        QCOMPARE(rb.version, 3);
        QCOMPARE(m_store->rollback(9, "carol").status, SettingsStatus::NotFound);

        const auto history = m_store->history();
        QCOMPARE(history.size(), 3);
        QCOMPARE(history[0].version, 3);
        QCOMPARE(history[0].action, "rollback");
        QCOMPARE(history[0].rolledBackTo, 1);
        QCOMPARE(history[0].actor, "carol");
        QCOMPARE(history[1].actor, "bob");
        QCOMPARE(history[1].changedPaths,
                 QStringList({"metrics.datadog.api_key", "proxy.http_proxy"}));
        QVERIFY(history[2].changedPaths.contains("general.hostname"));
        QVERIFY(history[2].time.isValid());
        QCOMPARE(history[2].time.timeSpec(), Qt::UTC);

        const auto diff = m_store->diff(1, 2);
        QVERIFY(diff);
        QCOMPARE(diff->size(), 2);
        QCOMPARE((*diff)[0].toObject(), (QJsonObject{{"path", "metrics.datadog.api_key"},
                                                     {"secret", true},
                                                     {"changed", true},
                                                     {"from", QJsonObject{{"set", true}}},
                                                     {"to", QJsonObject{{"set", true}}}}));
        QCOMPARE((*diff)[1].toObject(), (QJsonObject{{"path", "proxy.http_proxy"},
                                                     {"from", QJsonValue()},
                                                     {"to", "http://10.0.0.33:3128"}}));
        QVERIFY(m_store->diff(1, 3)->isEmpty()); // rollback restored version 1 exactly
        QVERIFY(!m_store->diff(1, 4));
        QVERIFY(!QJsonDocument(*m_store->diff(0, 2)).toJson().contains("fedcba98"));
        // A secret says whether it is set on each side, never what it is.
        const auto fromNothing = m_store->diff(0, 2);
        QVERIFY(fromNothing);
        for (const QJsonValue &e : *fromNothing) {
            if (e.toObject().value("path") == "metrics.datadog.api_key") {
                QCOMPARE(e.toObject().value("from").toObject(), (QJsonObject{{"set", false}}));
                QCOMPARE(e.toObject().value("to").toObject(), (QJsonObject{{"set", true}}));
            }
        }

        const auto v1 = m_store->version(1);
        QVERIFY(v1);
        QCOMPARE(at(*v1, "actor").toString(), "alice");
        QCOMPARE(at(*v1, "settings.metrics.datadog.api_key").toObject(),
                 (QJsonObject{{"set", true}}));
        QVERIFY(!m_store->version(4));
        QCOMPARE(m_store->current().secret("metrics.datadog.api_key"), QString(kDatadogKey));

        const auto events = m_audit.events();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events[0].action, "settings.update");
        QCOMPARE(events[0].actor.value("id").toString(), "alice");
        QCOMPARE(events[1].payload.value("changed_paths").toArray(),
                 QJsonArray({"metrics.datadog.api_key", "proxy.http_proxy"}));
        QCOMPARE(events[2].action, "settings.rollback");
        QCOMPARE(events[2].payload.value("rolled_back_to").toInt(), 1);
        // The target names the version it made, as the audit browser's Target column shows it.
        QCOMPARE(events[2].target.value("id").toString(), "3");
        QCOMPARE(events[2].target.value("name").toString(), "settings version 3");
        for (const auto &e : events) {
            const QByteArray json = QJsonDocument(e.toJson()).toJson();
            for (const QByteArray &secret : {kPassword, kCloudwatchSecret, kDatadogKey})
                QVERIFY(!json.contains(secret));
        }
    }

    void crashAtAnyStepLeavesOldOrNew_data()
    {
        QTest::addColumn<QString>("step");
        for (const char *s : {"write_version", "write_rendered", "link", "switch_current"})
            QTest::newRow(s) << QString(s);
    }
    void crashAtAnyStepLeavesOldOrNew()
    {
        QFETCH(QString, step);
        QVERIFY(stageAndApply(baseDraft()).ok());
        QVERIFY(m_store->stage(baseDraft("usage_statistics: {enabled: true}\n"), 1).ok());
        m_store->setCrashHook([step](const QString &at) { return at != step; });
        QCOMPARE(m_store->apply("alice").status, SettingsStatus::Failed);
        reopen(m_key); // as after kill -9: only what is on disk counts
        QCOMPARE(m_store->currentVersion(), 1);
        QVERIFY(m_store->current().value("usage_statistics.enabled").isUndefined());
        QCOMPARE(QFile::symLinkTarget(m_dir->filePath("current")), m_dir->filePath("versions/1"));
        QVERIFY(!test::readText(m_dir->filePath("settings.yaml")).contains("usage_statistics"));
        QCOMPARE(m_store->history().size(), 1);
        // The next apply reuses the number and overwrites the leftovers.
        const SettingsResult r = stageAndApply(baseDraft("usage_statistics: {enabled: true}\n"));
        QVERIFY2(r.ok(), qPrintable(fields(r)));
        QCOMPARE(r.version, 2);
        QVERIFY(test::readText(m_dir->filePath("settings.yaml")).contains("usage_statistics"));
    }

    void noSecretInPlaintextOutsidePrivateRenderedFiles()
    {
        QVERIFY(stageAndApply(secretsDraft()).ok());
        QVERIFY(stageAndApply(secretsDraft("usage_statistics: {enabled: true}\n")).ok());
        const QList<QByteArray> secrets{kPassword, kCloudwatchSecret, kDatadogKey, kDatabaseUrl,
                                        "db-pw-42"};
        int files = 0;
        int renderedWithSecret = 0;
        QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (QFileInfo(path).isSymLink())
                continue;
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray content = f.readAll();
            ++files;
            for (const QByteArray &secret : secrets) {
                if (!content.contains(secret))
                    continue;
                const QString relative = QDir(m_dir->path()).relativeFilePath(path);
                QVERIFY2(relative.startsWith("rendered/"), qPrintable(relative));
                QCOMPARE(mode(path), 0600);
                ++renderedWithSecret;
            }
        }
        QVERIFY(files > 10);
        QVERIFY(renderedWithSecret >= 4); // cloudwatch and datadog confs of both versions
        QCOMPARE(mode(m_dir->filePath("rendered/2/telegraf/datadog.conf")), 0600);
        QCOMPARE(mode(m_dir->filePath("rendered/2/circle-installation-customizations")), 0644);
    }

    void stagedDraftSurvivesRestartUntilAppliedOrDiscarded()
    {
        QVERIFY(m_store->stage(secretsDraft(), 0).ok());
        reopen(m_key);
        QVERIFY(m_store->hasStaged());
        QCOMPARE(at(*m_store->stagedForApi(), "base_version").toInt(), 0);
        // The staged secrets are encrypted on disk too.
        QVERIFY(!test::readText(m_dir->filePath("staged/settings.yaml")).contains(kPassword));
        QCOMPARE(mode(m_dir->filePath("staged/secrets.json")), 0600);
        const SettingsResult r = m_store->apply("alice");
        QVERIFY2(r.ok(), qPrintable(fields(r)));
        QCOMPARE(m_store->current().secret("ldap.search_password"), QString(kPassword));
        QVERIFY(!QFileInfo::exists(m_dir->filePath("staged")));
        reopen(m_key);
        QVERIFY(!m_store->hasStaged());
        QVERIFY(m_store->stage(baseDraft(), 1).ok());
        m_store->discardStaged();
        QVERIFY(!m_store->hasStaged());
        reopen(m_key);
        QVERIFY(!m_store->hasStaged());
    }

    void exportRoundTrips()
    {
        QVERIFY(stageAndApply(secretsDraft()).ok());
        const QByteArray plain = m_store->exportYaml(false);
        QVERIFY(!plain.contains(kPassword));
        QVERIFY(!plain.contains(kDatadogKey));
        QVERIFY(plain.contains("\"set\": true"));
        QVERIFY2(m_store->validate(plain).isEmpty(), plain.constData());
        const SettingsResult again = stageAndApply(plain);
        QVERIFY2(again.ok(), qPrintable(fields(again)));
        QVERIFY(m_store->diff(1, 2)->isEmpty()); // secrets kept, nothing changed
        const QByteArray full = m_store->exportYaml(true);
        QVERIFY(full.contains(kPassword));
        QVERIFY(full.contains(kDatabaseUrl));
    }

    void killDashNineDuringApplyLeavesOldOrNew()
    {
        // A child process applies version after version; it is killed with SIGKILL at random
        // moments, and after each kill the store must hold one whole version.
        int lastVersion = 0;
        for (int round = 0; round < 12; ++round) {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                        {"--apply-loop", m_dir->path(), QString::fromLatin1(m_key.toHex())});
            QVERIFY(child.waitForStarted());
            QThread::msleep(QRandomGenerator::global()->bounded(30, 400));
            ::kill(pid_t(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(10000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);

            SettingsStore store(m_dir->path(), m_schema, m_key);
            const QString why = store.open();
            QVERIFY2(why.isEmpty(), qPrintable(why));
            const int version = store.currentVersion();
            QVERIFY(version >= lastVersion);
            lastVersion = version;
            if (version == 0)
                continue;
            QCOMPARE(store.history().size(), version);
            const QString counter = store.current()
                                        .value("customizations.extra_env")
                                        .toObject()
                                        .value("COUNTER")
                                        .toString();
            QVERIFY(!counter.isEmpty());
            // The document, the top-level settings.yaml and the rendered files agree.
            QVERIFY(
                test::readText(m_dir->filePath("settings.yaml")).contains("\"" + counter + "\""));
            QVERIFY(
                test::readText(QStringLiteral("%1/rendered/%2/circle-installation-customizations")
                                   .arg(m_dir->path())
                                   .arg(version))
                    .contains("export COUNTER=\"" + counter + "\"\n"));
            QCOMPARE(
                at(*store.version(version), "settings.customizations.extra_env.COUNTER").toString(),
                counter);
        }
        QVERIFY2(lastVersion > 0, "the child never completed an apply");
        qInfo("%d versions applied across 12 kills", lastVersion);
        reopen(m_key);
        const SettingsResult r = stageAndApply(baseDraft());
        QVERIFY2(r.ok(), qPrintable(fields(r)));
        QCOMPARE(r.version, lastVersion + 1);
    }
};

// The child of killDashNineDuringApplyLeavesOldOrNew: applies until it is killed.
static int applyLoop(const QString &dataDir, const QByteArray &keyHex)
{
    QString why;
    const auto key = SecretKey::fromHex(keyHex, &why);
    if (!key)
        return 2;
    SettingsStore store(dataDir, test::loadSchema(), *key);
    if (!store.open().isEmpty())
        return 3;
    for (qint64 i = QDateTime::currentMSecsSinceEpoch();; ++i) {
        const QByteArray draft =
            baseDraft("customizations: {extra_env: {COUNTER: '" + QByteArray::number(i) +
                      "'}}\n"
                      "proxy: {http_proxy: 'http://10.0.0.33:3128'}\n"
                      "metrics: {datadog: {enabled: true, api_key: " +
                      kDatadogKey + "}}\n");
        if (!store.stage(draft, SettingsStore::kAnyVersion).ok() || !store.apply("loop").ok())
            return 4;
    }
}

int main(int argc, char **argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--apply-loop") == 0)
        return applyLoop(QString::fromLocal8Bit(argv[2]), argv[3]);
    QCoreApplication app(argc, argv);
    TestSettingsStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_settingsstore.moc"
