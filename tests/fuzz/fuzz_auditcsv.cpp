// libFuzzer harness: audit-log CSV import (outside input: POST /v1/audit/import and import
// session chunks, gantryctl audit import). The first byte picks a chunk size; the rest is the
// file. It is imported twice into a real AuditStore on SQLite — whole, and in small chunks as an
// import session feeds it — and both must read it the same way: same rows, bad rows, messages.
#include "audit/auditcsvimporter.h"
#include "audit/auditstore.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdio>

namespace {

gantry::AuditStore &store()
{
    static int argc = 1;
    static char name[] = "fuzz_auditcsv";
    static char *argv[] = {name, nullptr};
    if (!QCoreApplication::instance())
        new QCoreApplication(argc, argv); // the SQL driver plugins need one; lives to the end
    static QTemporaryDir dir;
    static std::unique_ptr<gantry::Database> database = [] {
        QString why;
        auto db = gantry::Database::openSqlite(dir.filePath(QStringLiteral("audit.db")), &why);
        if (!db) {
            std::fprintf(stderr, "%s\n", qPrintable(why));
            __builtin_trap();
        }
        return db;
    }();
    static std::unique_ptr<gantry::AuditStore> audit = [] {
        QString why;
        auto s = gantry::AuditStore::open(database.get(), &why);
        if (!s) {
            std::fprintf(stderr, "%s\n", qPrintable(why));
            __builtin_trap();
        }
        return s;
    }();
    return *audit;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = data[0] % 7 + 1;
    const QByteArrayView csv(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const gantry::AuditCsvImporter::Options options{.skipBad = true, .batchRows = 3};

    gantry::AuditCsvImporter whole(&store(), options);
    whole.feed(csv);
    const gantry::AuditCsvImporter::Result a = whole.finish();

    gantry::AuditCsvImporter chunked(&store(), options);
    for (qsizetype at = 0; at < csv.size(); at += piece)
        chunked.feed(csv.sliced(at, std::min(piece, csv.size() - at)));
    const gantry::AuditCsvImporter::Result b = chunked.finish();

    if (a.rows != b.rows || a.badRows != b.badRows || a.errors != b.errors || a.fatal != b.fatal) {
        std::fprintf(stderr,
                     "whole and chunked (%lld bytes) differ:\n  %lld rows %lld bad %s %s\n"
                     "  %lld rows %lld bad %s %s\n",
                     static_cast<long long>(piece), static_cast<long long>(a.rows),
                     static_cast<long long>(a.badRows), qPrintable(a.errors.join('|')),
                     qPrintable(a.fatal), static_cast<long long>(b.rows),
                     static_cast<long long>(b.badRows), qPrintable(b.errors.join('|')),
                     qPrintable(b.fatal));
        __builtin_trap();
    }
    // Every good row was stored by one of them: the second finds the first's as duplicates.
    if (a.fatal.isEmpty() && (a.imported + a.duplicates != a.rows - a.badRows ||
                              b.imported + b.duplicates != b.rows - b.badRows || b.imported != 0))
        __builtin_trap();
    return 0;
}
