// Cuts a CSV file into chunks of at most a given size for an audit import session, each ending
// at a record boundary (a line feed outside quotes: a quoted field may hold line feeds), by the
// same RFC 4180 reading as gantryd's importer. A record longer than a chunk is cut inside; the
// importer reads chunks as one stream, so line numbers and records stay right either way.
#pragma once

#include <QByteArray>
#include <QIODevice>

namespace gantry {

class CsvChunker final
{
public:
    CsvChunker(QIODevice *file, qint64 maxChunkBytes);

    // The next chunk (empty at the end of the file); `error` is set when the file cannot be read.
    QByteArray next(QString *error);
    bool atEnd() const { return m_pending.isEmpty() && m_file->atEnd(); }

private:
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };
    // The length of the longest prefix of m_pending ending at a record boundary (0: none),
    // reading from m_state; leaves m_state as it is after that prefix.
    qsizetype lastBoundary();

    QIODevice *m_file;
    qint64 m_maxChunkBytes;
    QByteArray m_pending; // read from the file, not yet sent
    State m_state = State::FieldStart;
};

} // namespace gantry
