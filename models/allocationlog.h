// One allocation's stdout or stderr as the log viewer reads it: fetched from
// GET /v1/allocation/:id/logs by byte offset, then polled for what was appended while the
// allocation runs (short requests, so a followed log never holds one of the client's connections).
#pragma once

#include <QObject>
#include <QStringDecoder>
#include <QTimer>
#include <functional>

namespace gantry {

class ControlPlaneClient;

class AllocationLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AllocationLog)
public:
    enum class Stream { Stdout, Stderr };
    Q_ENUM(Stream)

    explicit AllocationLog(ControlPlaneClient *client, QObject *parent = nullptr);

    // Starts over from the first byte; `live`: keep polling for more until setLive(false).
    void open(const QString &allocationId, bool live);
    void close();
    void setStream(Stream stream);
    void setLive(bool live);
    void setPollInterval(int milliseconds) { m_poll.setInterval(milliseconds); }

    QString allocationId() const { return m_allocationId; }
    Stream stream() const { return m_stream; }
    bool isLive() const { return m_live; }
    qint64 bytesRead() const { return m_offset; }

    // Writes the whole log (not only what a bounded view keeps) to `path`.
    void saveTo(const QString &path, std::function<void(bool ok, const QString &message)> done);

    static QString typeName(Stream stream);

Q_SIGNALS:
    void cleared(); // a new allocation or stream: start an empty view
    void appended(const QString &text);
    void failed(const QString &error);

private:
    void fetch();
    QString path(qint64 offset) const;

    ControlPlaneClient *m_client;
    QString m_allocationId;
    Stream m_stream = Stream::Stdout;
    bool m_live = false;
    bool m_inFlight = false;
    qint64 m_offset = 0;
    quint64 m_generation = 0;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    QTimer m_poll;
};

} // namespace gantry
