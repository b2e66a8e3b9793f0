#include "auditcsvwriter.h"

#include <cstring>

namespace gantry {

namespace {

constexpr qsizetype kFlushBytes = 256 * 1024;

bool needsProtection(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void appendDigits(QByteArray &out, qint64 value, int width)
{
    char digits[24];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(digits, width);
}

} // namespace

QStringList AuditCsvWriter::columns()
{
    return {"action", "actor",   "target", "payload", "occurred_at", "metadata",
            "id",     "version", "scope",  "success", "request"};
}

QByteArray AuditCsvWriter::headerLine()
{
    return columns().join(',').toLatin1() + "\r\n";
}

AuditCsvWriter::AuditCsvWriter(QIODevice *device)
    : AuditCsvWriter(device, Options{})
{}

AuditCsvWriter::AuditCsvWriter(QIODevice *device, Options options)
    : m_device(device)
    , m_options(options)
{
    m_buffer.reserve(kFlushBytes + 64 * 1024);
}

void AuditCsvWriter::appendCell(QByteArray &out, QByteArrayView utf8, bool formulaProtection)
{
    const char *data = utf8.data();
    const qsizetype size = utf8.size();
    const bool protect = formulaProtection && size > 0 && needsProtection(data[0]);
    bool quote = false;
    qsizetype quotes = 0;
    for (qsizetype i = 0; i < size; ++i) {
        const char c = data[i];
        if (c == '"') {
            quote = true;
            ++quotes;
        } else if (c == ',' || c == '\n' || c == '\r') {
            quote = true;
        }
    }
    if (!quote) {
        if (protect)
            out.append('\'');
        out.append(data, size);
        return;
    }
    out.append('"');
    if (protect)
        out.append('\'');
    if (quotes == 0) {
        out.append(data, size);
    } else {
        const qsizetype start = out.size();
        out.resize(start + size + quotes);
        char *w = out.data() + start;
        for (qsizetype i = 0; i < size; ++i) {
            *w++ = data[i];
            if (data[i] == '"')
                *w++ = '"';
        }
    }
    out.append('"');
}

// Days to civil date: Howard Hinnant's algorithm, exact for the proleptic Gregorian calendar.
void AuditCsvWriter::appendTime(QByteArray &out, qint64 ns)
{
    qint64 seconds = ns / 1000000000;
    qint64 fraction = ns % 1000000000;
    if (fraction < 0) {
        fraction += 1000000000;
        --seconds;
    }
    qint64 days = seconds / 86400;
    qint64 rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
        out.append(AuditEvent::formatTime(ns).toLatin1());
        return;
    }
    appendDigits(out, year, 4);
    out.append('-');
    appendDigits(out, month, 2);
    out.append('-');
    appendDigits(out, day, 2);
    out.append('T');
    appendDigits(out, rest / 3600, 2);
    out.append(':');
    appendDigits(out, rest / 60 % 60, 2);
    out.append(':');
    appendDigits(out, rest % 60, 2);
    out.append('.');
    int width = 9;
    while (width > 3 && fraction % 10 == 0) {
        fraction /= 10;
        --width;
    }
    appendDigits(out, fraction, width);
    out.append('Z');
}

void AuditCsvWriter::appendText(QByteArray &out, const QString &text)
{
    // Encode into a reused scratch buffer: no allocation per cell.
    const qsizetype need = text.size() * 3;
    if (m_scratch.size() < need)
        m_scratch.resize(need + 1024);
    char *end = m_encoder.appendToBuffer(m_scratch.data(), text);
    appendCell(out, QByteArrayView(m_scratch.constData(), end - m_scratch.constData()),
               m_options.formulaProtection);
}

void AuditCsvWriter::appendRow(QByteArray &out, const AuditRow &r)
{
    const bool protect = m_options.formulaProtection;
    appendText(out, r.action);
    out.append(',');
    appendText(out, r.actor);
    out.append(',');
    appendText(out, r.target);
    out.append(',');
    appendText(out, r.payload);
    out.append(',');
    appendTime(out, r.occurredAtNs);
    out.append(',');
    appendText(out, r.metadata);
    out.append(',');
    appendText(out, r.id);
    out.append(',');
    char number[16];
    const int n = std::snprintf(number, sizeof number, "%d", r.version);
    appendCell(out, QByteArrayView(number, n), protect);
    out.append(',');
    appendText(out, r.scope);
    out.append(r.success ? ",true," : ",false,");
    appendText(out, r.request);
    out.append("\r\n", 2);
}

void AuditCsvWriter::appendRow(QByteArray &out, const AuditRawRow &r) const
{
    const bool protect = m_options.formulaProtection;
    appendCell(out, r.action, protect);
    out.append(',');
    appendCell(out, r.actor, protect);
    out.append(',');
    appendCell(out, r.target, protect);
    out.append(',');
    appendCell(out, r.payload, protect);
    out.append(',');
    appendTime(out, r.occurredAtNs);
    out.append(',');
    appendCell(out, r.metadata, protect);
    out.append(',');
    appendCell(out, r.id, protect);
    out.append(',');
    char number[16];
    const int n = std::snprintf(number, sizeof number, "%d", r.version);
    appendCell(out, QByteArrayView(number, n), protect);
    out.append(',');
    appendCell(out, r.scope, protect);
    out.append(r.success ? ",true," : ",false,");
    appendCell(out, r.request, protect);
    out.append("\r\n", 2);
}

bool AuditCsvWriter::writeHeader()
{
    m_buffer.append(headerLine());
    return true;
}

bool AuditCsvWriter::writeRows(const QList<AuditRow> &rows)
{
    for (const AuditRow &row : rows) {
        appendRow(m_buffer, row);
        if (m_buffer.size() >= kFlushBytes && !flush())
            return false;
    }
    return true;
}

bool AuditCsvWriter::flush()
{
    if (!m_error.isEmpty())
        return false;
    const char *data = m_buffer.constData();
    qsizetype left = m_buffer.size();
    while (left > 0) {
        const qint64 n = m_device->write(data, left);
        if (n <= 0) {
            m_error = QStringLiteral("cannot write the CSV: %1").arg(m_device->errorString());
            return false;
        }
        data += n;
        left -= n;
        m_written += n;
    }
    m_buffer.clear();
    return true;
}

AuditCsvWriter::Result AuditCsvWriter::exportRawFrom(const AuditStore &store,
                                                     const AuditQuery &filter,
                                                     const std::function<bool(qint64)> &progress)
{
    Result result;
    writeHeader();
    QString why;
    const bool ok = store.scanRaw(
        filter,
        [&](const AuditRawRow &row) {
            appendRow(m_buffer, row);
            ++result.rows;
            if (m_buffer.size() >= kFlushBytes && !flush())
                return false;
            if (progress && result.rows % 5000 == 0 && !progress(result.rows)) {
                result.cancelled = true;
                return false;
            }
            return true;
        },
        &why);
    if (!ok)
        result.error = why;
    else if (!flush() || !m_error.isEmpty())
        result.error = m_error;
    else if (progress && !result.cancelled)
        progress(result.rows);
    result.bytes = m_written;
    return result;
}

AuditCsvWriter::Result AuditCsvWriter::exportFrom(const AuditStore &store, const AuditQuery &filter,
                                                  const std::function<bool(qint64)> &progress)
{
    if (store.kind() == Database::Kind::Sqlite)
        return exportRawFrom(store, filter, progress);
    Result result;
    writeHeader();
    QString why;
    const bool ok = store.scan(
        filter,
        [&](const QList<AuditRow> &rows) {
            if (!writeRows(rows))
                return false;
            result.rows += rows.size();
            if (progress && !progress(result.rows)) {
                result.cancelled = true;
                return false;
            }
            return true;
        },
        &why);
    if (!ok)
        result.error = why;
    else if (!flush())
        result.error = m_error;
    else if (!m_error.isEmpty())
        result.error = m_error;
    result.bytes = m_written;
    return result;
}

} // namespace gantry
