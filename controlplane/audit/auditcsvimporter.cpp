#include "auditcsvimporter.h"

#include "audit/auditcsvwriter.h"

#include <QDataStream>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QUuid>

#include <utility>

namespace gantry {

namespace {

constexpr int kColumnCount = 11;

std::optional<QString> decodeUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

QDataStream &operator<<(QDataStream &s, const AuditRow &r)
{
    return s << r.id << r.action << r.actor << r.target << r.scope << r.request << r.payload
             << r.metadata << r.occurredAtNs << qint32(r.version) << r.success << r.actorId
             << r.actorName << r.targetId << r.targetName;
}

QDataStream &operator>>(QDataStream &s, AuditRow &r)
{
    qint32 version = 1;
    s >> r.id >> r.action >> r.actor >> r.target >> r.scope >> r.request >> r.payload >>
        r.metadata >> r.occurredAtNs >> version >> r.success >> r.actorId >> r.actorName >>
        r.targetId >> r.targetName;
    r.version = version;
    return s;
}

} // namespace

AuditCsvImporter::AuditCsvImporter(AuditStore *store)
    : AuditCsvImporter(store, Options{})
{}

AuditCsvImporter::AuditCsvImporter(AuditStore *store, Options options)
    : m_store(store)
    , m_options(options)
{}

AuditCsvImporter::~AuditCsvImporter() = default;

QByteArray AuditCsvImporter::unprotect(QByteArray cell)
{
    if (cell.size() >= 2 && cell[0] == '\'') {
        const char c = cell[1];
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r')
            cell.remove(0, 1);
    }
    return cell;
}

bool AuditCsvImporter::feed(QByteArrayView chunk)
{
    if (m_finished || !m_result.fatal.isEmpty())
        return false;
    const char *data = chunk.data();
    qsizetype size = chunk.size();
    if (m_atStart) {
        // Skip a UTF-8 BOM (spreadsheets add one), even when split across chunks.
        static const QByteArray bom("\xEF\xBB\xBF");
        while (size > 0 && m_bomPrefix.size() < 3 && bom.startsWith(m_bomPrefix + data[0])) {
            m_bomPrefix += data[0];
            ++data;
            --size;
        }
        if (m_bomPrefix.size() < 3 && size == 0)
            return true;
        m_atStart = false;
        if (m_bomPrefix.size() < 3 && !m_bomPrefix.isEmpty()) {
            const QByteArray partial = m_bomPrefix;
            m_bomPrefix.clear();
            feed(partial);
        }
    }
    for (qsizetype i = 0; i < size; ++i) {
        const char c = data[i];
        if (!m_recordStarted) {
            m_recordStarted = true;
            m_recordLine = m_line;
        }
        if (m_sawCr && c != '\n' && m_state != State::Quoted) {
            m_sawCr = false;
            markBad(QStringLiteral("carriage return outside quotes not followed by a line feed"));
        }
        switch (m_state) {
        case State::FieldStart:
            if (c == '"') {
                m_state = State::Quoted;
                m_fieldQuoted = true;
                continue;
            }
            m_state = State::Unquoted;
            [[fallthrough]];
        case State::Unquoted:
            if (c == ',') {
                endField();
            } else if (c == '\n') {
                m_sawCr = false;
                endField();
                endRecord();
                ++m_line;
            } else if (c == '\r') {
                m_sawCr = true;
            } else {
                if (c == '"')
                    markBad(QStringLiteral("field %1: quote inside an unquoted field")
                                .arg(m_fields.size() + 1));
                m_field.append(c);
            }
            break;
        case State::Quoted:
            if (c == '"')
                m_state = State::QuoteInQuoted;
            else
                m_field.append(c);
            if (c == '\n')
                ++m_line;
            break;
        case State::QuoteInQuoted:
            if (c == '"') {
                m_field.append('"');
                m_state = State::Quoted;
            } else if (c == ',') {
                endField();
            } else if (c == '\n') {
                m_sawCr = false;
                endField();
                endRecord();
                ++m_line;
            } else if (c == '\r') {
                m_sawCr = true;
            } else {
                markBad(QStringLiteral("field %1: text after the closing quote")
                            .arg(m_fields.size() + 1));
                m_field.append(c);
                m_state = State::Unquoted;
            }
            break;
        }
        if (m_field.size() > m_options.maxFieldBytes) {
            markBad(QStringLiteral("field %1: longer than %2 bytes")
                        .arg(m_fields.size() + 1)
                        .arg(m_options.maxFieldBytes));
            m_field.clear();
        }
        if (!m_result.fatal.isEmpty())
            return false;
    }
    return true;
}

void AuditCsvImporter::endField()
{
    m_fields.append(m_field);
    m_field.clear();
    m_fieldQuoted = false;
    m_state = State::FieldStart;
}

void AuditCsvImporter::markBad(const QString &reason)
{
    if (m_recordError.isEmpty())
        m_recordError = reason;
}

void AuditCsvImporter::endRecord()
{
    const bool blank = m_fields.size() == 1 && m_fields[0].isEmpty() && m_recordError.isEmpty();
    if (!blank) {
        if (!m_headerRead)
            readHeader();
        else
            readRow();
    }
    m_fields.clear();
    m_recordError.clear();
    m_recordStarted = false;
}

void AuditCsvImporter::readHeader()
{
    const QStringList expected = AuditCsvWriter::columns();
    m_columnOf = QList<int>(kColumnCount, -1);
    QStringList problems;
    if (!m_recordError.isEmpty())
        problems << m_recordError;
    for (int i = 0; i < m_fields.size(); ++i) {
        const QString name = QString::fromUtf8(m_fields[i]);
        const int column = int(expected.indexOf(name));
        if (column < 0)
            problems << QStringLiteral("unknown column \"%1\"").arg(name);
        else if (m_columnOf[column] >= 0)
            problems << QStringLiteral("column \"%1\" appears twice").arg(name);
        else
            m_columnOf[column] = i;
    }
    QStringList missing;
    for (int c = 0; c < kColumnCount; ++c)
        if (m_columnOf[c] < 0)
            missing << expected[c];
    if (!missing.isEmpty())
        problems << QStringLiteral("missing column(s) %1").arg(missing.join(", "));
    if (!problems.isEmpty()) {
        m_result.fatal = QStringLiteral("line %1: header: %2; expected the columns %3")
                             .arg(m_recordLine)
                             .arg(problems.join("; "), expected.join(","));
        return;
    }
    m_headerRead = true;
}

void AuditCsvImporter::readRow()
{
    ++m_result.rows;
    auto bad = [&](const QString &reason) {
        ++m_result.badRows;
        if (m_result.errors.size() < m_options.maxReportedErrors)
            m_result.errors << QStringLiteral("line %1: %2").arg(m_recordLine).arg(reason);
    };
    if (!m_recordError.isEmpty())
        return bad(m_recordError);
    if (m_fields.size() != kColumnCount)
        return bad(
            QStringLiteral("expected %1 fields, found %2").arg(kColumnCount).arg(m_fields.size()));
    static const QStringList names = AuditCsvWriter::columns();
    // Column positions in AuditCsvWriter::columns().
    enum {
        Action,
        Actor,
        Target,
        Payload,
        OccurredAt,
        Metadata,
        Id,
        Version,
        Scope,
        Success,
        Request
    };
    // The JSON columns go to the JSON parser as the bytes they are (it checks their UTF-8);
    // the others are decoded here.
    auto isJson = [](int c) {
        return c == Actor || c == Target || c == Payload || c == Metadata || c == Scope ||
               c == Request;
    };
    QString cells[kColumnCount];
    QByteArray json[kColumnCount];
    for (int c = 0; c < kColumnCount; ++c) {
        if (isJson(c)) {
            json[c] = unprotect(m_fields[m_columnOf[c]]);
            continue;
        }
        const auto text = decodeUtf8(unprotect(m_fields[m_columnOf[c]]));
        if (!text)
            return bad(QStringLiteral("%1: not valid UTF-8").arg(names[c]));
        cells[c] = *text;
    }
    AuditEvent e;
    const QUuid uuid = QUuid::fromString(cells[Id]);
    if (uuid.isNull() || cells[Id].startsWith('{'))
        return bad(QStringLiteral("id: \"%1\" is not a UUID (e.g. "
                                  "0b7e4f4e-5f0c-4a6e-9d5e-2f1c3b4a5d6e)")
                       .arg(cells[Id].left(60)));
    e.id = uuid.toString(QUuid::WithoutBraces);
    if (!AuditEvent::isValidAction(cells[Action]))
        return bad(QStringLiteral("action: \"%1\" is not lowercase words separated by dots, "
                                  "entity first and action last (e.g. workflow.job.start)")
                       .arg(cells[Action].left(60)));
    e.action = cells[Action];
    for (const auto &[column, field] :
         {std::pair{int(Actor), &e.actor}, std::pair{int(Target), &e.target},
          std::pair{int(Scope), &e.scope}, std::pair{int(Request), &e.request},
          std::pair{int(Payload), &e.payload},
          std::pair{int(Metadata), static_cast<QJsonObject *>(nullptr)}}) { // a map, below
        if (json[column].isEmpty())
            continue; // an empty cell is an empty object
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json[column], &error);
        if (error.error == QJsonParseError::IllegalUTF8String)
            return bad(QStringLiteral("%1: not valid UTF-8").arg(names[column]));
        if (error.error != QJsonParseError::NoError)
            return bad(QStringLiteral("%1: not JSON (%2 at offset %3)")
                           .arg(names[column], error.errorString())
                           .arg(error.offset));
        if (!doc.isObject())
            return bad(QStringLiteral("%1: must be a JSON object").arg(names[column]));
        if (column == Metadata) {
            const QJsonObject meta = doc.object();
            for (auto it = meta.begin(); it != meta.end(); ++it) {
                if (!it.value().isString())
                    return bad(QStringLiteral("metadata: the value of \"%1\" must be a string")
                                   .arg(it.key()));
                e.metadata.insert(it.key(), it.value().toString());
            }
        } else {
            *field = doc.object();
        }
    }
    const auto time = AuditEvent::parseTime(cells[OccurredAt]);
    if (!time)
        return bad(QStringLiteral("occurred_at: \"%1\" is not a time; expected %2")
                       .arg(cells[OccurredAt].left(60), AuditEvent::timeForm()));
    e.occurredAtNs = *time;
    bool ok = false;
    e.version = cells[Version].toInt(&ok);
    if (!ok || e.version < 1)
        return bad(QStringLiteral("version: \"%1\" is not a positive integer")
                       .arg(cells[Version].left(60)));
    if (cells[Success] == "true")
        e.success = true;
    else if (cells[Success] == "false")
        e.success = false;
    else
        return bad(
            QStringLiteral("success: \"%1\" is not true or false").arg(cells[Success].left(60)));
    keep(AuditRow::fromEvent(e));
}

void AuditCsvImporter::keep(AuditRow row)
{
    m_pending.append(std::move(row));
    if (m_pending.size() < m_options.batchRows)
        return;
    // Good rows wait in a spool file until finish(): nothing is stored before the whole file
    // has been read (and, unless skipBad, found good), and memory stays bounded for any size.
    spool(m_pending);
    m_pending.clear();
}

bool AuditCsvImporter::spool(const QList<AuditRow> &rows)
{
    if (!m_spool) {
        m_spool = std::make_unique<QTemporaryFile>(QDir::tempPath() +
                                                   QStringLiteral("/gantry-audit-import-XXXXXX"));
        if (!m_spool->open()) {
            m_result.fatal = QStringLiteral("cannot create a spool file for the import: %1")
                                 .arg(m_spool->errorString());
            return false;
        }
    }
    QDataStream out(m_spool.get());
    out.setByteOrder(QDataStream::LittleEndian); // the host's: strings copied, not byte-swapped
    for (const AuditRow &r : rows)
        out << r;
    m_spooled += rows.size();
    if (out.status() != QDataStream::Ok) {
        m_result.fatal =
            QStringLiteral("cannot write the import spool file: %1").arg(m_spool->errorString());
        return false;
    }
    return true;
}

// Queues `rows` once the batch before them is stored: the store writes one batch while the
// caller reads the next from the spool. collectStored() waits for the last one.
bool AuditCsvImporter::store(QList<AuditRow> rows)
{
    if (!collectStored() || rows.isEmpty())
        return m_result.fatal.isEmpty();
    if (m_importId.isEmpty())
        m_importId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_storing = m_store->recordRowsLater(std::move(rows), m_importId);
    return true;
}

bool AuditCsvImporter::collectStored()
{
    if (m_storing.isNull())
        return m_result.fatal.isEmpty();
    const AuditStore::WriteResult r = m_store->wait(std::exchange(m_storing, {}));
    if (!r.ok() && m_result.fatal.isEmpty())
        m_result.fatal = QStringLiteral("cannot store the imported events: %1").arg(r.error);
    m_result.imported += r.inserted;
    m_result.duplicates += r.duplicates;
    return m_result.fatal.isEmpty();
}

AuditCsvImporter::Result AuditCsvImporter::finish()
{
    if (m_finished)
        return m_result;
    m_finished = true;
    if (m_result.fatal.isEmpty()) {
        if (m_state == State::Quoted) {
            m_recordError = m_recordError.isEmpty()
                                ? QStringLiteral("quoted field not closed before the end of "
                                                 "the file")
                                : m_recordError;
            m_fields.append(m_field);
            m_field.clear();
            if (m_headerRead)
                readRow();
            else
                readHeader();
        } else if (m_recordStarted) {
            endField();
            endRecord();
        }
    }
    if (m_result.fatal.isEmpty() && !m_headerRead)
        m_result.fatal = QStringLiteral("line 1: header: the file is empty; expected the "
                                        "columns %1")
                             .arg(AuditCsvWriter::columns().join(','));
    const bool commit = m_result.fatal.isEmpty() && (m_options.skipBad || m_result.badRows == 0);
    if (commit && m_spool) {
        m_spool->seek(0);
        QDataStream in(m_spool.get());
        in.setByteOrder(QDataStream::LittleEndian);
        QList<AuditRow> batch;
        for (qint64 i = 0; i < m_spooled && m_result.fatal.isEmpty(); ++i) {
            AuditRow row;
            in >> row;
            batch.append(std::move(row));
            if (batch.size() >= m_options.batchRows) {
                store(std::move(batch));
                batch.clear();
            }
        }
        store(std::move(batch));
    }
    if (commit)
        store(std::move(m_pending));
    collectStored();
    m_pending.clear();
    m_spool.reset();
    // All or nothing: the rows stored so far stay only if every one of them was.
    if (!m_importId.isEmpty() && m_result.fatal.isEmpty()) {
        if (const QString why = m_store->completeImport(m_importId); !why.isEmpty())
            m_result.fatal = QStringLiteral("cannot complete the import: %1").arg(why);
    }
    if (!m_importId.isEmpty() && !m_result.fatal.isEmpty()) {
        if (const QString why = m_store->takeBackImport(m_importId); !why.isEmpty())
            m_result.fatal += QStringLiteral("; taking back what was stored failed too (%1): "
                                             "it goes at gantryd's next start")
                                  .arg(why);
        m_result.imported = 0;
        m_result.duplicates = 0;
    }
    m_result.committed = commit && m_result.fatal.isEmpty();
    return m_result;
}

} // namespace gantry
