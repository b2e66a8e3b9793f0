// Writes audit events as CSV in the operations guide's format (RFC 4180, CRLF, UTF-8 without
// BOM, nested fields as compact JSON with sorted keys), streaming from the store to a QIODevice.
//
// Columns, in this order (stable; the importer accepts any order of the same names):
//   action, actor, target, payload, occurred_at, metadata, id, version, scope, success, request
// which is the order in which the guide's "Audit Log Fields" section defines them.
//
// Formula protection (on by default): a cell starting with = + - @ tab or CR gets a leading '
// so spreadsheets show it as text; AuditCsvImporter removes it again. Raw mode turns it off.
#pragma once

#include "audit/auditstore.h"

#include <QByteArray>
#include <QIODevice>
#include <QStringEncoder>
#include <functional>

namespace gantry {

class AuditCsvWriter final
{
public:
    struct Options
    {
        bool formulaProtection = true; // false: --raw, for machines
    };
    struct Result
    {
        qint64 rows = 0;
        qint64 bytes = 0;
        bool cancelled = false;
        QString error; // non-empty: the export stopped (database or device error)
        bool ok() const { return error.isEmpty() && !cancelled; }
    };

    static QStringList columns();

    explicit AuditCsvWriter(QIODevice *device);
    AuditCsvWriter(QIODevice *device, Options options);
    AuditCsvWriter(const AuditCsvWriter &) = delete;
    AuditCsvWriter &operator=(const AuditCsvWriter &) = delete;

    // Every event `filter` selects (cursor, limit and order ignored), oldest first, header
    // first. `progress` gets the rows written so far after each chunk and returns false to
    // cancel (the device then holds a partial file: the caller discards it).
    Result exportFrom(const AuditStore &store, const AuditQuery &filter,
                      const std::function<bool(qint64 rows)> &progress = {});

    // The pieces, for callers that stream rows themselves; flush() writes what is buffered.
    bool writeHeader();
    bool writeRows(const QList<AuditRow> &rows);
    bool flush();
    QString errorString() const { return m_error; }
    qint64 bytesWritten() const { return m_written; }

    // Serialisation alone, into `out` (appended): one CRLF-terminated record.
    void appendRow(QByteArray &out, const AuditRow &row);
    // The same from the UTF-8 text SQLite holds (the export's path on SQLite): same bytes.
    void appendRow(QByteArray &out, const AuditRawRow &row) const;
    static QByteArray headerLine();
    // One cell: quoted when it holds a quote, comma, CR or LF; quotes doubled.
    static void appendCell(QByteArray &out, QByteArrayView utf8, bool formulaProtection);
    // AuditEvent::formatTime without QDateTime (it is per row here); same text.
    static void appendTime(QByteArray &out, qint64 ns);

private:
    Result exportRawFrom(const AuditStore &store, const AuditQuery &filter,
                         const std::function<bool(qint64 rows)> &progress);
    void appendText(QByteArray &out, const QString &text);

    QIODevice *m_device;
    Options m_options;
    QByteArray m_buffer;
    QByteArray m_scratch;
    QStringEncoder m_encoder{QStringEncoder::Utf8};
    qint64 m_written = 0;
    QString m_error;
};

} // namespace gantry
