// gantryd as a process: the handshake, tokens, the data-dir lock, signals and the loopback rule.
#include "gantrydprocess.h"
#include "handshake.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

#include <atomic>
#include <csignal>
#include <sys/stat.h>
#include <thread>
#include <vector>

class TestGantryd final : public QObject
{
    Q_OBJECT
    static constexpr char kToken[] = "test-token-0123456789abcdef";

    static int mode(const QString &path)
    {
        struct stat st
        {};
        ::stat(QFile::encodeName(path).constData(), &st);
        return int(st.st_mode & 07777);
    }

    // Reads one HTTP answer (headers, then Content-Length bytes); false if the server went away.
    static bool readAnswer(QTcpSocket &socket)
    {
        QByteArray data;
        qsizetype headerEnd = -1;
        qsizetype length = -1;
        while (length < 0 || data.size() < headerEnd + 4 + length) {
            if (!socket.waitForReadyRead(5000))
                return false;
            data += socket.readAll();
            headerEnd = data.indexOf("\r\n\r\n");
            if (headerEnd >= 0 && length < 0) {
                const qsizetype at = data.toLower().indexOf("content-length:");
                if (at < 0 || at > headerEnd)
                    return false;
                length =
                    data.mid(at + 15, data.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
            }
        }
        return true;
    }

private Q_SLOTS:
    void handshakeWithTokenOnStdin()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--token-stdin"}, QByteArray(kToken) + "\n"));
        QVERIFY(d.address().startsWith("http://127.0.0.1:"));
        // Exactly one line on stdout.
        QTest::qWait(200);
        QCOMPARE(d.process().readAllStandardOutput(), QByteArray());

        QCOMPARE(mode(d.dataDir()), 0700);
        const QString handshakePath = gantry::Handshake::pathIn(d.dataDir());
        QCOMPARE(mode(handshakePath), 0600);
        const auto h = gantry::Handshake::read(d.dataDir());
        QVERIFY(h);
        QCOMPARE(h->address, d.address());
        QCOMPARE(h->token, QString::fromLatin1(kToken));
        QCOMPARE(h->pid, d.process().processId());
        QCOMPARE(mode(d.dataDir() + "/secret.key"), 0600);

        // The token never appears on the command line.
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(d.process().processId()));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        QVERIFY(!cmdline.readAll().contains(kToken));
    }
    void healthIsPublicEverythingElseNeedsTheToken()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--token-stdin"}, QByteArray(kToken) + "\n"));
        HttpAnswer health = d.get("/v1/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json()["status"].toString(), "ok");
        QVERIFY(!health.json()["version"].toString().isEmpty());
        QVERIFY(!health.json().contains("pid")); // nothing about the process without a token
        // How one may sign in: with LDAP off, only with a token.
        QCOMPARE(health.json()["login"].toArray(), QJsonArray{"token"});

        for (const QString path : {"/v1/version", "/v1/settings", "/v1/does-not-exist"}) {
            const HttpAnswer none = d.get(path);
            QCOMPARE(none.status, 401);
            QCOMPARE(none.json()["error"].toObject()["code"].toString(), "unauthorized");
            QCOMPARE(none.header("WWW-Authenticate"), QByteArray("Bearer realm=\"gantryd\""));
            QCOMPARE(d.get(path, "wrong-token").status, 401);
            QCOMPARE(d.get(path, QByteArray(kToken).chopped(1)).status, 401);
        }
        const HttpAnswer version = d.get("/v1/version", kToken);
        QCOMPARE(version.status, 200);
        QCOMPARE(version.json()["pid"].toInteger(), d.process().processId());
        QCOMPARE(d.get("/v1/does-not-exist", kToken).status, 404);
        QCOMPARE(GantrydProcess::request(d.address() + "/v1/version", "DELETE", kToken).status,
                 405);
    }
    void generatesATokenWithoutStdin()
    {
        GantrydProcess d;
        QVERIFY(d.start());
        const auto h = gantry::Handshake::read(d.dataDir());
        QVERIFY(h);
        QVERIFY(h->token.size() >= 32);
        QCOMPARE(d.get("/v1/version", h->token.toLatin1()).status, 200);
    }
    void keyFromStdinIsNotWrittenToDisk()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--token-stdin", "--key-stdin"},
                        QByteArray(kToken) + "\n" + QByteArray(64, 'b') + "\n"));
        QVERIFY(!QFileInfo::exists(d.dataDir() + "/secret.key"));
    }
    void badKeyOnStdinIsAUsageError()
    {
        GantrydProcess d;
        QVERIFY(!d.start({"--token-stdin", "--key-stdin"}, QByteArray(kToken) + "\nshort\n"));
        QVERIFY(d.waitExited());
        QCOMPARE(d.process().exitCode(), 2);
        QVERIFY(d.process().readAllStandardError().contains("64 hex digits"));
    }
    void keepsRunningWhenStdinCloses()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--token-stdin"}, QByteArray(kToken) + "\n")); // start() closes stdin
        QTest::qWait(500);
        QCOMPARE(d.process().state(), QProcess::Running);
        QCOMPARE(d.get("/v1/health").status, 200);
    }
    void secondGantrydOnTheSameDataDirNamesTheFirstPid()
    {
        GantrydProcess first;
        QVERIFY(first.start());
        GantrydProcess second(first.dataDir());
        QVERIFY(!second.start());
        QVERIFY(second.waitExited());
        QCOMPARE(second.process().exitCode(), 1);
        const QByteArray err = second.process().readAllStandardError();
        QVERIFY2(err.contains(QByteArray::number(first.process().processId())), err.constData());
        QCOMPARE(first.get("/v1/health").status, 200); // the first is untouched
    }
    void sigtermStopsCleanly()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--token-stdin"}, QByteArray(kToken) + "\n"));
        // Queries that run on worker threads (an export) leave connections there.
        QCOMPARE(d.get("/v1/audit/export.csv", kToken).status, 200);
        ::kill(pid_t(d.process().processId()), SIGTERM);
        QVERIFY(d.waitExited());
        // Nothing on stderr at a clean stop (a Qt warning there once said a worker thread's
        // database connection was looked up from the main thread); a crash prints its backtrace.
        const QByteArray err = d.process().readAllStandardError();
        QVERIFY2(d.process().exitStatus() == QProcess::NormalExit, err.constData());
        QCOMPARE(d.process().exitCode(), 0);
        QVERIFY2(!err.contains("QSql") && !err.contains("thread"), err.constData());
        QVERIFY(!QFileInfo::exists(gantry::Handshake::pathIn(d.dataDir())));
        // ...and the data dir can be served again at once.
        GantrydProcess again(d.dataDir());
        QVERIFY(again.start());
    }
    void sigtermWithRequestsInFlightStopsCleanly()
    {
        // Requests that run on worker threads (exports, audit pages) are still running when the
        // stop comes: gantryd waits for them before its stores go. It once freed the store
        // under a running export, or crashed as a pool thread closed its database connection
        // after main() returned, and said "the audit store is closing" for pages it served.
        // Clients on their own threads, as many admins' consoles and scripts are.
        for (int round = 0; round < 3; ++round) {
            GantrydProcess d;
            QVERIFY(d.start({"--token-stdin"}, QByteArray(kToken) + "\n"));
            const QUrl url(d.address());
            std::atomic_bool stop = false;
            std::atomic_int answered = 0;
            std::vector<std::thread> clients;
            for (int c = 0; c < 6; ++c) {
                clients.emplace_back([&, c] {
                    const char *paths[] = {"/v1/audit/export.csv", "/v1/audit?limit=10",
                                           "/v1/nodes"};
                    for (int i = c; !stop; ++i) {
                        QTcpSocket socket;
                        socket.connectToHost(url.host(), quint16(url.port()));
                        if (!socket.waitForConnected(2000))
                            return; // gantryd has stopped listening
                        socket.write(QByteArray("GET ") + paths[i % 3] +
                                     " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken +
                                     "\r\nConnection: close\r\n\r\n");
                        if (readAnswer(socket))
                            ++answered;
                    }
                });
            }
            const auto joinClients = qScopeGuard([&] {
                stop = true;
                for (std::thread &t : clients)
                    t.join();
            });
            QTRY_VERIFY(answered >= 30 + 30 * round);
            ::kill(pid_t(d.process().processId()), SIGTERM);
            QVERIFY(d.waitExited(15000));
            const QByteArray err = d.process().readAllStandardError();
            QVERIFY2(d.process().exitStatus() == QProcess::NormalExit, err.constData());
            QCOMPARE(d.process().exitCode(), 0);
            QVERIFY2(err.isEmpty(), err.constData());
        }
    }
    void fatalSignalPrintsABacktrace()
    {
        GantrydProcess d;
        QVERIFY(d.start());
        ::kill(pid_t(d.process().processId()), SIGSEGV);
        QVERIFY(d.waitExited());
        QCOMPARE(d.process().exitStatus(), QProcess::CrashExit);
        QCOMPARE(d.process().exitCode(), SIGSEGV); // it still dies of the signal it got
        const QByteArray err = d.process().readAllStandardError();
        QVERIFY2(err.contains("gantryd: fatal signal SEGV, backtrace:\n"), err.constData());
        QVERIFY2(err.count('\n') > 3, err.constData()); // frames follow
    }
    void restartAfterKill9TakesTheStaleLock()
    {
        GantrydProcess d;
        QVERIFY(d.start());
        d.process().kill();
        QVERIFY(d.waitExited());
        GantrydProcess again(d.dataDir());
        QVERIFY(again.start());
        QCOMPARE(again.get("/v1/health").status, 200);
    }
    void nonLoopbackIsRefused_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::newRow("any") << "0.0.0.0:0";
        QTest::newRow("v6 any") << "[::]:0";
        QTest::newRow("documentation net") << "192.0.2.10:8800";
    }
    void nonLoopbackIsRefused()
    {
        QFETCH(QString, listen);
        GantrydProcess d;
        QVERIFY(!d.start({"--listen", listen}));
        QVERIFY(d.waitExited());
        QCOMPARE(d.process().exitCode(), 2);
        const QByteArray err = d.process().readAllStandardError();
        QVERIFY2(err.contains("not a loopback address"), err.constData());
        QVERIFY(!QFileInfo::exists(d.dataDir())); // refused before touching anything
    }
    void portInUseIsAClearError()
    {
        GantrydProcess first;
        QVERIFY(first.start());
        const QString port = first.address().section(':', -1);
        GantrydProcess second;
        QVERIFY(!second.start({"--listen", "127.0.0.1:" + port}));
        QVERIFY(second.waitExited());
        QCOMPARE(second.process().exitCode(), 1);
        QVERIFY(second.process().readAllStandardError().contains("cannot listen on 127.0.0.1:" +
                                                                 port.toLatin1()));
    }
    void oversizedBodyIs413()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--token-stdin"}, QByteArray(kToken) + "\n"));
        // /v1/health accepts no body at all.
        const HttpAnswer a = GantrydProcess::request(d.address() + "/v1/health", "GET", {}, "x");
        QCOMPARE(a.status, 413);
        QCOMPARE(a.json()["error"].toObject()["code"].toString(), "body_too_large");
    }
};

QTEST_GUILESS_MAIN(TestGantryd)
#include "tst_gantryd.moc"
