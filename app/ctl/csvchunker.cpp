#include "csvchunker.h"

namespace gantry {

CsvChunker::CsvChunker(QIODevice *file, qint64 maxChunkBytes)
    : m_file(file)
    , m_maxChunkBytes(maxChunkBytes)
{}

qsizetype CsvChunker::lastBoundary()
{
    State state = m_state;
    qsizetype boundary = 0;
    State atBoundary = m_state;
    const char *data = m_pending.constData();
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        const char c = data[i];
        switch (state) {
        case State::FieldStart:
        case State::Unquoted:
            if (c == '"' && state == State::FieldStart)
                state = State::Quoted;
            else if (c == ',')
                state = State::FieldStart;
            else if (c == '\n')
                state = State::FieldStart;
            else
                state = State::Unquoted;
            break;
        case State::Quoted:
            if (c == '"')
                state = State::QuoteInQuoted;
            break;
        case State::QuoteInQuoted:
            // "" is a quote inside the field; anything else closes it (the importer reports
            // text after a closing quote, and reads on unquoted, as here).
            state = c == '"'                  ? State::Quoted
                    : (c == ',' || c == '\n') ? State::FieldStart
                                              : State::Unquoted;
            break;
        }
        if (c == '\n' && state == State::FieldStart) {
            boundary = i + 1;
            atBoundary = state;
        }
    }
    m_state = boundary > 0 ? atBoundary : state;
    return boundary;
}

QByteArray CsvChunker::next(QString *error)
{
    if (m_pending.size() < m_maxChunkBytes && !m_file->atEnd()) {
        const QByteArray more = m_file->read(m_maxChunkBytes - m_pending.size());
        if (more.isEmpty() && !m_file->atEnd()) {
            *error = m_file->errorString();
            return {};
        }
        m_pending += more;
    }
    if (m_file->atEnd()) // the rest fits: send it whole
        return std::exchange(m_pending, QByteArray());
    qsizetype cut = lastBoundary();
    if (cut == 0) // one record longer than a chunk: cut inside it
        cut = m_pending.size();
    QByteArray chunk = m_pending.left(cut);
    m_pending.remove(0, cut);
    return chunk;
}

} // namespace gantry
