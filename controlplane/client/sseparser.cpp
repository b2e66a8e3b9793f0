#include "sseparser.h"

namespace gantry {

void SseParser::reset()
{
    m_buffer.clear();
    m_current = {};
    m_hasData = false;
}

QList<SseMessage> SseParser::feed(const QByteArray &bytes)
{
    QList<SseMessage> out;
    m_buffer += bytes;
    qsizetype start = 0;
    while (true) {
        const qsizetype lf = m_buffer.indexOf('\n', start);
        const qsizetype cr = m_buffer.indexOf('\r', start);
        qsizetype end = lf < 0 ? cr : (cr < 0 ? lf : std::min(lf, cr));
        if (end < 0)
            break;
        // A CR at the very end may be the first half of CRLF: wait for the next byte.
        if (m_buffer[end] == '\r' && end + 1 == m_buffer.size())
            break;
        line(m_buffer.mid(start, end - start), &out);
        start = end + ((m_buffer[end] == '\r' && m_buffer[end + 1] == '\n') ? 2 : 1);
    }
    m_buffer.remove(0, start);
    return out;
}

void SseParser::line(const QByteArray &text, QList<SseMessage> *out)
{
    if (text.isEmpty()) { // dispatch
        if (m_hasData) {
            if (m_current.data.endsWith('\n'))
                m_current.data.chop(1);
            out->append(m_current);
        }
        m_current = {};
        m_hasData = false;
        return;
    }
    if (text.startsWith(':'))
        return; // comment (heartbeat)
    const qsizetype colon = text.indexOf(':');
    const QByteArray field = colon < 0 ? text : text.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : text.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        m_current.data += value + '\n';
        m_hasData = true;
    } else if (field == "event") {
        m_current.event = value;
    } else if (field == "id") {
        if (!value.contains('\0')) {
            m_current.id = value;
            m_current.hasId = true;
        }
    } else if (field == "retry") {
        bool ok = false;
        const int ms = value.toInt(&ok);
        if (ok)
            m_retryMs = ms;
    }
}

} // namespace gantry
