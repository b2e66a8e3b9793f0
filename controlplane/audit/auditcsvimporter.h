// Imports an audit-log CSV (the format AuditCsvWriter writes, RFC 4180) into the store, fed in
// chunks as one session so a file larger than one request body follows the same rules: every
// bad row is reported as "line N: reason" (N the physical line where the record starts, the
// header being line 1), and nothing is imported from a file with bad rows unless skipBad.
#pragma once

#include "audit/auditstore.h"

#include <QByteArray>
#include <QStringList>
#include <QTemporaryFile>
#include <memory>

namespace gantry {

class AuditCsvImporter final
{
public:
    struct Options
    {
        bool skipBad = false;         // import the good rows of a file with bad ones
        int maxReportedErrors = 1000; // further bad rows are counted, not described
        // Rows per store request (one transaction each; the import is all or nothing anyway):
        // 1M events store at ~69k/s in 5,000s, ~109k/s in 20,000s (tests/bench/README.md).
        int batchRows = 20000;
        qsizetype maxFieldBytes = 16 * 1024 * 1024;
    };
    struct Result
    {
        qint64 rows = 0;       // records after the header
        qint64 imported = 0;   // new events stored
        qint64 duplicates = 0; // ids already stored or repeated in the file
        qint64 badRows = 0;
        QStringList errors;     // "line N: reason", at most Options::maxReportedErrors
        QString fatal;          // the header or the database failed: nothing was imported
        bool committed = false; // the good rows were stored, all of them
    };

    // `store` must outlive the importer.
    explicit AuditCsvImporter(AuditStore *store);
    AuditCsvImporter(AuditStore *store, Options options);
    ~AuditCsvImporter();
    AuditCsvImporter(const AuditCsvImporter &) = delete;
    AuditCsvImporter &operator=(const AuditCsvImporter &) = delete;

    // The next bytes of the file (chunks may split records, quotes and UTF-8 sequences).
    // Returns false once the session has failed for good (bad header, database error).
    bool feed(QByteArrayView chunk);
    // The end of the file: validates the last record, then stores the rows (or not).
    Result finish();
    // The state so far (rows, bad rows, errors); imported counts are final after finish().
    const Result &progress() const { return m_result; }

    // The cell as it was before formula protection: a leading ' before = + - @ tab or CR goes.
    static QByteArray unprotect(QByteArray cell);

private:
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };
    void endField();
    void endRecord();
    void readHeader();
    void readRow();
    void markBad(const QString &reason);
    void keep(AuditRow row);
    bool store(QList<AuditRow> rows);
    bool collectStored();
    bool spool(const QList<AuditRow> &rows);

    AuditStore *m_store;
    Options m_options;
    Result m_result;

    State m_state = State::FieldStart;
    QByteArray m_field;
    QList<QByteArray> m_fields;
    bool m_fieldQuoted = false;
    bool m_sawCr = false;
    bool m_atStart = true;   // nothing read yet: a UTF-8 BOM may follow
    QByteArray m_bomPrefix;  // bytes of a possible BOM split across chunks
    qint64 m_line = 1;       // physical line of the next byte
    qint64 m_recordLine = 1; // physical line where the current record started
    bool m_recordStarted = false;
    QString m_recordError; // first problem of the current record

    bool m_headerRead = false;
    QList<int> m_columnOf; // field position of each AuditCsvWriter::columns() entry

    QList<AuditRow> m_pending;
    std::unique_ptr<QTemporaryFile> m_spool; // good rows waiting for finish() (strict mode)
    qint64 m_spooled = 0;
    bool m_finished = false;
    // The store keeps this import's rows only once it completes (AuditImportJournal).
    QString m_importId;
    // The batch the store is writing while the next one is read from the spool.
    AuditStore::PendingWrite m_storing;
};

} // namespace gantry
