// AuditCsvWriter and AuditCsvImporter: RFC 4180 cells, formula protection, the byte-identical
// round trip export → import → export, malformed rows with their physical line numbers,
// duplicate ids, chunked import sessions, exactly the filtered set on export.
#include "audit/auditcsvimporter.h"
#include "audit/auditcsvwriter.h"
#include "audit/auditstore.h"

#include <QBuffer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace gantry;

namespace {

constexpr qint64 kBase = 1700000000LL * 1000000000LL;

const QByteArray kHeader = "action,actor,target,payload,occurred_at,metadata,id,version,scope,"
                           "success,request\r\n";

QByteArray cell(const QByteArray &text, bool protect = true)
{
    QByteArray out;
    AuditCsvWriter::appendCell(out, text, protect);
    return out;
}

AuditEvent tricky(int i)
{
    AuditEvent e = AuditEvent::make(
        i % 2 ? "workflow.job.finish" : "context.env_var.store",
        QJsonObject{{"id", QString("u-%1").arg(i)},
                    {"type", "user"},
                    {"name", i % 3 ? "Renée, \"the\" admin" : "=cmd|' /C calc'!A0"}},
        AuditEvent::entity("project", "p-1", "line one\r\nline two\nline three"),
        QJsonObject{{"z", "last"},
                    {"a", QJsonArray{1, 2.5, "x,y", QJsonValue::Null}},
                    {"text", QString("quote \" comma , CR \r LF \n tab \t 日本語 😀 #%1").arg(i)},
                    {"formula", "=SUM(A1:A2)"},
                    {"nested", QJsonObject{{"y", true}, {"b", "-1"}}}},
        i % 5 != 0);
    e.occurredAtNs = kBase + qint64(i) * 1000000007LL + (i % 4 == 0 ? 0 : 123);
    e.scope = AuditEvent::entity("account", "a-1", "acme");
    e.request = {
        {"id", QString("r-%1").arg(i)}, {"ip_address", "127.0.0.1"}, {"client_trace_id", "+trace"}};
    e.metadata = {{"b", "2"}, {"a", "@home"}};
    return e;
}

} // namespace

class TestAuditCsv final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_count = 0;

    struct Opened
    {
        std::unique_ptr<Database> db;
        std::unique_ptr<AuditStore> store;
    };
    Opened open()
    {
        Opened o;
        QString why;
        o.db = Database::openSqlite(m_dir.filePath(QString("csv-%1.db").arg(++m_count)), &why);
        if (o.db)
            o.store = AuditStore::open(o.db.get(), &why);
        if (!o.store)
            qWarning() << why;
        return o;
    }
    static QByteArray exportAll(const AuditStore &store, const AuditQuery &filter = {},
                                bool raw = false)
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        AuditCsvWriter::Options options;
        options.formulaProtection = !raw;
        AuditCsvWriter writer(&buffer, options);
        const auto r = writer.exportFrom(store, filter);
        if (!r.ok())
            qWarning() << r.error;
        return bytes;
    }
    static AuditCsvImporter::Result import(AuditStore *store, const QByteArray &csv,
                                           bool skipBad = false, int chunk = 0)
    {
        AuditCsvImporter::Options options;
        options.skipBad = skipBad;
        options.batchRows = 7; // small, so spooling and batching are exercised
        AuditCsvImporter importer(store, options);
        if (chunk <= 0)
            importer.feed(csv);
        else
            for (qsizetype i = 0; i < csv.size(); i += chunk)
                importer.feed(
                    QByteArrayView(csv).sliced(i, std::min<qsizetype>(chunk, csv.size() - i)));
        return importer.finish();
    }

private Q_SLOTS:
    void cells()
    {
        QCOMPARE(cell("plain"), "plain");
        QCOMPARE(cell(""), "");
        QCOMPARE(cell("a,b"), "\"a,b\"");
        QCOMPARE(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        QCOMPARE(cell("l1\r\nl2"), "\"l1\r\nl2\"");
        QCOMPARE(cell("l1\nl2"), "\"l1\nl2\"");
        QCOMPARE(cell("日本語"), "日本語");
        QCOMPARE(cell("{\"a\":1}"), "\"{\"\"a\"\":1}\"");
        for (const char *f : {"=1+2", "+1", "-1", "@SUM(A1)", "\tx"})
            QCOMPARE(cell(f), "'" + QByteArray(f));
        QCOMPARE(cell("\rx"), "\"'\rx\"");
        QCOMPARE(cell("=a,b"), "\"'=a,b\"");
        QCOMPARE(cell("=1+2", false), "=1+2"); // raw
        QCOMPARE(cell("a=1"), "a=1");
        for (const char *f : {"=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"})
            QCOMPARE(AuditCsvImporter::unprotect("'" + QByteArray(f)), QByteArray(f));
        QCOMPARE(AuditCsvImporter::unprotect("'quoted'"), "'quoted'");
        QCOMPARE(AuditCsvWriter::headerLine(), kHeader);
    }

    void timesMatchAuditEvent()
    {
        QList<qint64> samples{
            0,           1,  999,        1000000, kBase, kBase + 474000000, kBase + 123456789,
            kBase + 100, -1, -1000000001};
        auto *random = QRandomGenerator::global();
        for (int i = 0; i < 2000; ++i)
            samples << qint64(random->bounded(4000000000.0)) * 1000000000 +
                           random->bounded(1000000000);
        for (qint64 ns : samples) {
            QByteArray out;
            AuditCsvWriter::appendTime(out, ns);
            QCOMPARE(QString::fromLatin1(out), AuditEvent::formatTime(ns));
        }
    }

    void roundTripIsByteIdentical()
    {
        auto a = open();
        QVERIFY(a.store);
        QList<AuditEvent> events;
        for (int i = 0; i < 60; ++i)
            events << tricky(i);
        QVERIFY(a.store->recordBatch(events).ok());
        const QByteArray first = exportAll(*a.store);
        QVERIFY(first.startsWith(kHeader));
        QVERIFY(!first.startsWith("\xEF\xBB\xBF"));
        auto b = open();
        QVERIFY(b.store);
        const auto r = import(b.store.get(), first);
        QVERIFY2(r.fatal.isEmpty(), qPrintable(r.fatal));
        QCOMPARE(r.errors, QStringList());
        QCOMPARE(r.imported, 60);
        QCOMPARE(r.duplicates, 0);
        QVERIFY(r.committed);
        const QByteArray second = exportAll(*b.store);
        QCOMPARE(second, first);
        // Fed in odd chunks (splitting quotes, CRLFs and UTF-8), into a third store.
        auto c = open();
        const auto chunked = import(c.store.get(), first, false, 5);
        QCOMPARE(chunked.imported, 60);
        QCOMPARE(exportAll(*c.store), first);
        // Importing it again: every row is a duplicate.
        const auto again = import(b.store.get(), first);
        QCOMPARE(again.imported, 0);
        QCOMPARE(again.duplicates, 60);
        // Raw mode round-trips too.
        const QByteArray raw = exportAll(*a.store, {}, true);
        auto d = open();
        QCOMPARE(import(d.store.get(), raw).imported, 60);
        QCOMPARE(exportAll(*d.store, {}, true), raw);
    }

    void protectsFormulaCells()
    {
        // Our own columns never start with a formula character (JSON starts with '{'), so
        // protection is checked on a hand-written file whose cells do after unprotecting.
        const QByteArray id = "0b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e";
        const QByteArray csv = kHeader + "user.create,{},{},{},2017-12-21T13:50:54.474Z,{}," + id +
                               ",'+1,{},true,{}\r\n";
        auto s = open();
        const auto r = import(s.store.get(), csv);
        QCOMPARE(r.errors, QStringList());
        QCOMPARE(r.imported, 1);
    }

    void reportsMalformedRowsWithLines()
    {
        auto s = open();
        const QByteArray good1 =
            "user.create,\"{\"\"id\"\":\"\"u\"\",\"\"name\"\":\"\"a\nb\"\"}\",{},{},"
            "2017-12-21T13:50:54.474Z,{},0b7e4f4e-5f0c-4a6e-9d5e-"
            "2f1c3b4a5d6e,1,{},true,{}\r\n"; // lines 2-3
        const QByteArray badAction = "User.Create,{},{},{},2017-12-21T13:50:54.474Z,{},"
                                     "1b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\r\n"; // 4
        const QByteArray fewFields = "user.create,{},{}\n";                                   // 5
        const QByteArray badJson = "user.create,{},{},\"{\"\"a\"\":}\",2017-12-21T13:50:54Z,{},"
                                   "2b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\r\n"; // 6
        const QByteArray badTime = "user.create,{},{},{},yesterday,{},"
                                   "3b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\n"; // 7
        const QByteArray strayQuote = "user.create,{},{},{},\"2017-12-21T13:50:54Z\"x,{},"
                                      "4b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\n"; // 8
        const QByteArray good2 = "user.delete,{},{},{},2017-12-21T13:50:55Z,{},"
                                 "5b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},false,{}\r\n"; // 9
        const QByteArray badSuccess = "user.create,{},{},{},2017-12-21T13:50:54Z,{},"
                                      "6b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},yes,\"{\n}\"\n";
        // 10-11
        const QByteArray unterminated = "user.create,\"{},{}\n"; // 12-13
        const QByteArray csv = kHeader + good1 + badAction + fewFields + badJson + badTime +
                               strayQuote + good2 + badSuccess + unterminated;
        const QStringList expected{"line 4: action:",
                                   "line 5: expected 11 fields, found 3",
                                   "line 6: payload: not JSON",
                                   "line 7: occurred_at:",
                                   "line 8: field 5: text after the closing quote",
                                   "line 10: success:",
                                   "line 12: quoted field not closed"};
        for (int chunk : {0, 1, 3}) {
            const auto strict = import(s.store.get(), csv, false, chunk);
            QCOMPARE(strict.badRows, 7);
            QCOMPARE(strict.errors.size(), 7);
            for (int i = 0; i < 7; ++i)
                QVERIFY2(strict.errors[i].startsWith(expected[i]), qPrintable(strict.errors[i]));
            QCOMPARE(strict.imported, 0);
            QVERIFY(!strict.committed);
        }
        QCOMPARE(s.store->count(AuditQuery(), nullptr)->first, 0);
        const auto lenient = import(s.store.get(), csv, true);
        QCOMPARE(lenient.badRows, 7);
        QCOMPARE(lenient.imported, 2);
        QVERIFY(lenient.committed);
        const auto stored = s.store->get("0b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e", nullptr);
        QVERIFY(stored);
        QCOMPARE(stored->actor.value("name").toString(), "a\nb");
    }

    void reportsInvalidUtf8ByColumn()
    {
        auto s = open();
        const QByteArray inAction = "user.cr\xff,{},{},{},2017-12-21T13:50:54Z,{},"
                                    "0b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\r\n";
        const QByteArray inPayload = "user.create,{},{},\"{\"\"k\"\":\"\"a\xc3\"\"}\","
                                     "2017-12-21T13:50:54Z,{},"
                                     "1b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\r\n";
        const QByteArray overlongInActor =
            "user.create,\"{\"\"name\"\":\"\"\xc0\xaf\"\"}\",{},{},2017-12-21T13:50:54Z,{},"
            "2b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\r\n";
        const QByteArray surrogateInRequest = "user.create,{},{},{},2017-12-21T13:50:54Z,{},"
                                              "3b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,\"{"
                                              "\"\"ip\"\":\"\"\xed\xa0\x80\"\"}\"\r\n";
        const QByteArray good =
            "user.create,{},{},\"{\"\"k\"\":\"\"caf\xc3\xa9 \xf0\x9f\x9a\x80\"\"}\","
            "2017-12-21T13:50:54Z,{},"
            "4b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\r\n";
        const auto r = import(
            s.store.get(),
            kHeader + inAction + inPayload + overlongInActor + surrogateInRequest + good, true);
        QCOMPARE(
            r.errors,
            (QStringList{"line 2: action: not valid UTF-8", "line 3: payload: not valid UTF-8",
                         "line 4: actor: not valid UTF-8", "line 5: request: not valid UTF-8"}));
        QCOMPARE(r.imported, 1);
        const auto stored = s.store->get("4b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e", nullptr);
        QVERIFY(stored);
        QCOMPARE(stored->payload.value("k").toString(), QString::fromUtf8("café 🚀"));
    }

    void namesTheRangeOfTimesItTakes()
    {
        auto s = open();
        const QByteArray late = "user.create,{},{},{},2300-01-01T00:00:00Z,{},"
                                "0b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,1,{},true,{}\r\n";
        const auto r = import(s.store.get(), kHeader + late);
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors[0].startsWith("line 2: occurred_at: \"2300-01-01T00:00:00Z\" is not a "
                                        "time; expected UTC ISO-8601"),
                 qPrintable(r.errors[0]));
        QVERIFY2(r.errors[0].contains("from 1677-09-21T00:12:45Z to 2262-04-11T23:47:15Z"),
                 qPrintable(r.errors[0]));
        QCOMPARE(r.imported, 0);
    }

    void rejectsBadHeaders()
    {
        auto s = open();
        auto r = import(s.store.get(), "action,actor,target\r\n");
        QVERIFY2(r.fatal.startsWith("line 1: header: missing column(s) payload"),
                 qPrintable(r.fatal));
        r = import(s.store.get(), kHeader.chopped(2) + ",extra\r\n");
        QVERIFY2(r.fatal.contains("unknown column \"extra\""), qPrintable(r.fatal));
        r = import(s.store.get(), "");
        QVERIFY(r.fatal.startsWith("line 1: header"));
        QVERIFY(!r.committed);
        // A BOM and another column order are fine.
        const QByteArray reordered =
            "\xEF\xBB\xBFid,action,actor,target,scope,request,payload,metadata,occurred_at,"
            "version,success\n0b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e,user.create,{},{},{},{},{},{},"
            "2017-12-21T13:50:54Z,1,true\n";
        r = import(s.store.get(), reordered, false, 2);
        QCOMPARE(r.errors, QStringList());
        QCOMPARE(r.imported, 1);
    }

    void countsDuplicateIdsInTheFile()
    {
        auto a = open();
        a.store->recordBatch({tricky(1), tricky(2)});
        QByteArray csv = exportAll(*a.store);
        csv += csv.mid(kHeader.size()); // every row twice
        auto b = open();
        const auto r = import(b.store.get(), csv);
        QCOMPARE(r.rows, 4);
        QCOMPARE(r.imported, 2);
        QCOMPARE(r.duplicates, 2);
    }

    void exportsExactlyTheFilteredSetOldestFirst()
    {
        auto s = open();
        QList<AuditEvent> events;
        for (int i = 0; i < 12000; ++i)
            events << tricky(i);
        QVERIFY(s.store->recordBatch(events).ok());
        QList<AuditQuery::FieldError> errors;
        const auto filter = AuditQuery::fromUrlQuery(
            QUrlQuery("action=workflow.job.*&success=true&limit=5"), &errors);
        QVERIFY(filter);
        const QByteArray csv = exportAll(*s.store, *filter);
        auto t = open();
        const auto r = import(t.store.get(), csv);
        QCOMPARE(r.errors, QStringList());
        int expected = 0;
        for (const AuditEvent &e : events)
            expected += e.action.startsWith("workflow.job.") && e.success;
        QCOMPARE(r.imported, expected);
        AuditQuery all;
        all.setOrder(AuditQuery::Order::Ascending);
        QVERIFY(all.setLimit(1000).isEmpty());
        const auto page = t.store->query(all, nullptr);
        for (int i = 1; i < page->events.size(); ++i)
            QVERIFY(page->events[i - 1].occurredAtNs <= page->events[i].occurredAtNs);
        // Cancel stops early.
        QByteArray partial;
        QBuffer buffer(&partial);
        buffer.open(QIODevice::WriteOnly);
        AuditCsvWriter writer(&buffer);
        const auto cancelled = writer.exportFrom(*s.store, {}, [](qint64) { return false; });
        QVERIFY(cancelled.cancelled);
        QVERIFY(cancelled.rows < 12000);
    }
};

QTEST_GUILESS_MAIN(TestAuditCsv)
#include "tst_auditcsv.moc"
