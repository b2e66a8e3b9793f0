// Audit CSV import through a real gantryd and gantryctl, as one request and as an import session
// in chunks (GANTRYCTL_IMPORT_CHUNK_BYTES makes a small file need many): the whole file's rules
// hold across chunks — physical line numbers of the whole file, duplicates across it, nothing
// imported when a late chunk has a bad row unless --skip-bad — and staged rows stay invisible
// until commit.
#include "gantrydprocess.h"
#include "handshake.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

class TestAuditImport final : public QObject
{
    Q_OBJECT

    struct Run
    {
        int code = -1;
        QByteArray out, err;
    };
    static Run ctl(const GantrydProcess &d, const QStringList &args, const QString &chunkBytes)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!chunkBytes.isEmpty())
            env.insert("GANTRYCTL_IMPORT_CHUNK_BYTES", chunkBytes);
        p.setProcessEnvironment(env);
        p.start(GantrydProcess::binary("gantryctl"), QStringList{"--data-dir", d.dataDir()} + args);
        p.waitForFinished(60000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }
    static HttpAnswer api(const GantrydProcess &d, const QByteArray &method, const QString &path,
                          const QByteArray &body = {})
    {
        return GantrydProcess::request(d.address() + path, method,
                                       gantry::Handshake::read(d.dataDir())->token.toLatin1(),
                                       body);
    }
    static qint64 stored(const GantrydProcess &d)
    {
        return api(d, "GET", "/v1/audit?action=context.create&limit=1").json()["total"].toInteger();
    }

    static constexpr char kHeader[] =
        "action,actor,target,payload,occurred_at,metadata,id,version,scope,success,request\r\n";
    // Record k: two physical lines (a line feed inside the quoted payload, between JSON members),
    // so record k starts on line 2 + 2k.
    static QByteArray record(int k, const QString &id, const QByteArray &action = "context.create")
    {
        const QByteArray time = QStringLiteral("2026-01-01T%1:%2:%3.123456789Z")
                                    .arg(k / 3600, 2, 10, QChar('0'))
                                    .arg(k / 60 % 60, 2, 10, QChar('0'))
                                    .arg(k % 60, 2, 10, QChar('0'))
                                    .toLatin1();
        return action +
               ",\"{\"\"id\"\":\"\"u1\"\",\"\"name\"\":\"\"ann\"\"}\",\"{\"\"id\"\":\"\"c" +
               QByteArray::number(k) + "\"\"}\",\"{\"\"n\"\":" + QByteArray::number(k) +
               ",\n\"\"note\"\":\"\"a, \\\"\"b\\\"\" ü\"\"}\"," + time + ",{}," + id.toLatin1() +
               ",1,{},true,{}\r\n";
    }
    // `rows` records, record `duplicateOf.second` repeating the id of `duplicateOf.first`, and
    // record `bad` (if ≥ 0) with an action that is not lowercase dotted words.
    static QByteArray file(int rows, std::pair<int, int> duplicateOf, int bad, QStringList *ids)
    {
        QByteArray csv = kHeader;
        for (int k = 0; k < rows; ++k) {
            ids->append(k == duplicateOf.second
                            ? ids->at(duplicateOf.first)
                            : QUuid::createUuid().toString(QUuid::WithoutBraces));
            csv += record(k, ids->last(), k == bad ? "Context Create" : "context.create");
        }
        return csv;
    }
    static QString write(QTemporaryDir &dir, const QByteArray &content)
    {
        QFile f(dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + ".csv"));
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return f.fileName();
    }
    static QJsonObject lastImportEvent(const GantrydProcess &d)
    {
        const QJsonArray events =
            api(d, "GET", "/v1/audit?action=audit_log.import&limit=1").json()["events"].toArray();
        return events.isEmpty() ? QJsonObject() : events.first().toObject();
    }

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void sessionImportsTheWholeFileInChunks()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QStringList ids;
        const QByteArray csv = file(300, {3, 250}, -1, &ids);
        const Run r = ctl(d, {"audit", "import", write(m_tmp, csv), "-json"}, "2000");
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["rows"].toInteger(), 300);
        QCOMPARE(o["imported"].toInteger(), 299);
        QCOMPARE(o["duplicates"].toInteger(), 1); // across chunks: records 3 and 250
        QCOMPARE(stored(d), 299);
        // It went as a session of many chunks, audited once with the counts.
        const QJsonObject payload = lastImportEvent(d)["payload"].toObject();
        QVERIFY2(payload["chunks"].toInteger() > 10,
                 qPrintable(QString::number(payload["chunks"].toInteger())));
        QCOMPARE(payload["imported"].toInteger(), 299);
        // A record whose quoted payload spans lines (and maybe chunks) arrives whole.
        const QJsonObject event = api(d, "GET", "/v1/audit/" + ids[150]).json();
        QCOMPARE(event["payload"]["n"].toInt(), 150);
        QCOMPARE(event["payload"]["note"].toString(), QStringLiteral("a, \"b\" ü"));
        // An id that is not a UUID is the caller's mistake, named; an unknown one is not found.
        const HttpAnswer bad = api(d, "GET", "/v1/audit/not-a-uuid");
        QCOMPARE(bad.status, 400);
        const QJsonObject badError = bad.json()["error"].toObject();
        QCOMPARE(badError["fields"].toArray().first().toObject()["field"].toString(), "id");
        QVERIFY2(badError["message"].toString().contains("expected the form"), bad.body);
        QCOMPARE(
            api(d, "GET", "/v1/audit/" + QUuid::createUuid().toString(QUuid::WithoutBraces)).status,
            404);
        // The same file as one request gives the same counts (nothing new: all duplicates).
        const Run again = ctl(d, {"audit", "import", write(m_tmp, csv), "-json"}, {});
        QCOMPARE(again.code, {});
        QCOMPARE(QJsonDocument::fromJson(again.out).object()["duplicates"].toInteger(), 300);
        QVERIFY(!lastImportEvent(d)["payload"].toObject().contains("chunks"));
    }

    // gantryctl audit export -o writes the file as it arrives and replaces the target only
    // when the whole export is there: the file round-trips, and a failed export leaves the old
    // file as it was.
    void exportToAFileRoundTrips()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QStringList ids;
        const QByteArray csv = file(500, {-1, -1}, -1, &ids);
        QCOMPARE(ctl(d, {"audit", "import", write(m_tmp, csv)}, {}).code, 0);
        const QString target = m_tmp.filePath("exported.csv");
        const Run r =
            ctl(d, {"audit", "export", "-action", "context.create", "-raw", "-o", target}, {});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile exported(target);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QCOMPARE(exported.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), 0);
        const QByteArray written = exported.readAll();
        exported.close();
        // Byte for byte what standard output gets, every imported record in it.
        const Run out = ctl(d, {"audit", "export", "-action", "context.create", "-raw"}, {});
        QCOMPARE(out.code, 0);
        QCOMPARE(written, out.out);
        for (const QString &id : std::as_const(ids))
            QVERIFY(written.contains(id.toLatin1()));
        const Run bad = ctl(d, {"audit", "export", "-action", "Not An Action", "-o", target}, {});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("action"), bad.err.constData());
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QCOMPARE(exported.readAll(), written);
        QCOMPARE(QDir(m_tmp.path()).entryList({"exported.csv*"}, QDir::Files | QDir::Hidden),
                 QStringList{"exported.csv"});
    }

    // A client that goes away in the middle of an export: gantryd audits the export as
    // canceled with how far it got, not as completed. (26 MB: more than gantryd's 4 MiB write
    // buffer and both loopback socket buffers, so the file cannot be out before the close.)
    void abandonedExportIsAuditedAsCanceled()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QStringList ids;
        QByteArray csv = file(80000, {-1, -1}, -1, &ids);
        QCOMPARE(ctl(d, {"audit", "import", write(m_tmp, csv)}, {}).code, 0);
        csv.clear();
        QTcpSocket socket;
        const QUrl url(d.address());
        socket.connectToHost(url.host(), quint16(url.port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /v1/audit/export.csv HTTP/1.1\r\nHost: " + url.authority().toLatin1() +
                     "\r\nAuthorization: Bearer " +
                     gantry::Handshake::read(d.dataDir())->token.toLatin1() + "\r\n\r\n");
        QByteArray head;
        while (!head.contains("\r\n\r\n") && socket.waitForReadyRead(20000))
            head += socket.read(4096);
        QVERIFY2(head.startsWith("HTTP/1.1 200"), head.left(200).constData());
        socket.abort();
        QJsonObject exported;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QJsonArray events = api(d, "GET", "/v1/audit?action=audit_log.export&limit=1")
                                              .json()["events"]
                                              .toArray();
                exported = events.isEmpty() ? QJsonObject() : events[0].toObject();
                return !exported.isEmpty();
            }(),
            10000);
        const QString outcome = exported["payload"].toObject()["outcome"].toString();
        QVERIFY2(outcome.startsWith("canceled: the client went away after "), qPrintable(outcome));
        QCOMPARE(exported["success"].toBool(), false);
        QCOMPARE(exported["payload"].toObject()["rows"].toInteger(), 80000 + 1); // + the import
    }

    void badRowInALateChunkImportsNothing()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QStringList ids;
        const QString path = write(m_tmp, file(300, {-1, -1}, 280, &ids));
        const Run r = ctl(d, {"audit", "import", path}, "2000");
        QCOMPARE(r.code, 1);
        // Record 280 starts on physical line 2 + 2 * 280 of the whole file.
        QVERIFY2(r.err.contains("line 562: action"), r.err.constData());
        QCOMPARE(stored(d), {});
        QCOMPARE(lastImportEvent(d)["success"].toBool(), false);

        const Run skip = ctl(d, {"audit", "import", "--skip-bad", path}, "2000");
        QVERIFY2(skip.code == 0, skip.err.constData());
        QVERIFY2(skip.out.startsWith("300 rows: 299 imported, 0 duplicates skipped, 1 bad"),
                 skip.out.constData());
        QVERIFY(skip.out.contains("line 562: action"));
        QCOMPARE(stored(d), 299);
    }

    void badChunkSizeIsAUsageError()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QStringList ids;
        const QString path = write(m_tmp, file(3, {-1, -1}, -1, &ids));
        for (const char *size : {"abc", "0", "268435457"}) {
            const Run r = ctl(d, {"audit", "import", path}, size);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("GANTRYCTL_IMPORT_CHUNK_BYTES"), r.err.constData());
        }
        QCOMPARE(stored(d), 0);
    }

    void stagedRowsStayInvisibleUntilCommit()
    {
        GantrydProcess d;
        QVERIFY(d.start({"--fleet", "local:1"}));
        QStringList ids;
        const QByteArray csv = file(6, {-1, -1}, -1, &ids);
        const qsizetype cut = csv.indexOf(ids[3].toLatin1()); // inside record 3
        const QByteArray first = csv.left(cut), second = csv.mid(cut);

        HttpAnswer a = api(d, "POST", "/v1/audit/import-sessions");
        QCOMPARE(a.status, 201);
        const QString base = "/v1/audit/import-sessions/" + a.json()["id"].toString();
        QCOMPARE(a.json()["next_chunk"].toInt(), {});
        QCOMPARE(api(d, "PUT", base + "/chunks/1", first).status, 409); // out of order
        a = api(d, "PUT", base + "/chunks/0", first);
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json()["rows"].toInt(), 3);
        QCOMPARE(api(d, "PUT", base + "/chunks/0", first).json()["next_chunk"].toInt(), 1); // retry
        QCOMPARE(api(d, "PUT", base + "/chunks/0", second).status, 409); // not a retry
        QCOMPARE(api(d, "PUT", base + "/chunks/x", second).status, 400);
        QCOMPARE(stored(d), {});
        QCOMPARE(api(d, "PUT", base + "/chunks/1", second).json()["rows"].toInt(), 6);
        QCOMPARE(stored(d), {});
        a = api(d, "POST", base + "/commit");
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json()["imported"].toInt(), 6);
        QCOMPARE(stored(d), 6);
        QCOMPARE(api(d, "POST", base + "/commit").status, 404); // a session commits once

        // Aborted: nothing stored, the session is gone.
        a = api(d, "POST", "/v1/audit/import-sessions?skip_bad=maybe");
        QCOMPARE(a.status, 400);
        QVERIFY(a.body.contains("skip_bad"));
        const QString other = "/v1/audit/import-sessions/" +
                              api(d, "POST", "/v1/audit/import-sessions").json()["id"].toString();
        QStringList more;
        QCOMPARE(api(d, "PUT", other + "/chunks/0", file(4, {-1, -1}, -1, &more)).status, 200);
        QCOMPARE(api(d, "DELETE", other).status, 200);
        QCOMPARE(api(d, "PUT", other + "/chunks/1", record(9, more[0])).status, 404);
        QCOMPARE(api(d, "GET", other).status, 404);
        QCOMPARE(stored(d), 6);
    }
};

QTEST_GUILESS_MAIN(TestAuditImport)
#include "tst_auditimport.moc"
