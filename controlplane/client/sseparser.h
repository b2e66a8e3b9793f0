// Incremental parser of a text/event-stream (the WHATWG Server-Sent Events format): feed it bytes
// as they arrive, get whole messages out.
#pragma once

#include <QByteArray>
#include <QList>

namespace gantry {

struct SseMessage
{
    QByteArray event = "message"; // the "event:" field
    QByteArray data;              // "data:" lines joined with '\n'
    QByteArray id;                // the "id:" field, if the message had one
    bool hasId = false;
};

class SseParser final
{
public:
    QList<SseMessage> feed(const QByteArray &bytes);
    void reset();
    int retryMs() const { return m_retryMs; } // the server's "retry:" advice, or -1

private:
    void line(const QByteArray &line, QList<SseMessage> *out);

    QByteArray m_buffer;
    SseMessage m_current;
    bool m_hasData = false;
    int m_retryMs = -1;
};

} // namespace gantry
