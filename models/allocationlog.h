// One allocation's stdout or stderr as the log viewer reads it: what is written so far from
// GET /v1/allocation/:id/logs by byte offset, then, while the allocation runs, followed through
// the streamed ?follow=true answer. When the stream ends or drops, it catches up from the last
// byte offset it has (nothing twice, nothing lost) and, if the allocation still runs, follows
// again, backing off while gantryd does not answer.
#pragma once

#include <QObject>
#include <QStringDecoder>
#include <QTimer>
#include <functional>

class QNetworkReply;

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
    ~AllocationLog() override;

    // Starts over from the first byte; `live`: follow until the allocation ends (gantryd says
    // so) or setLive(false).
    void open(const QString &allocationId, bool live);
    void close();
    void setStream(Stream stream);
    void setLive(bool live);
    // First wait before following again after gantryd did not answer; doubles up to 10 s.
    void setRetryInterval(int milliseconds) { m_retryMs = milliseconds; }

    QString allocationId() const { return m_allocationId; }
    Stream stream() const { return m_stream; }
    bool isLive() const { return m_live; }
    qint64 bytesRead() const { return m_offset; }
    bool isFollowing() const { return m_follow != nullptr; }
    // How many follow streams and plain reads were opened since open(): for tests and the status.
    int streamsOpened() const { return m_streamsOpened; }
    int readsMade() const { return m_readsMade; }

    // Writes the whole log (not only what a bounded view keeps) to `path`.
    void saveTo(const QString &target, std::function<void(bool ok, const QString &message)> done);

    static QString typeName(Stream stream);

Q_SIGNALS:
    void cleared(); // a new allocation or stream: start an empty view
    void appended(const QString &text);
    void failed(const QString &error);
    void stateChanged(); // following, reconnecting or done

private:
    void fetch();  // a plain read from the offset; then more, follow, or stop
    void follow(); // the streamed read from the offset
    void stopFollowing();
    void retryLater(const QString &error);
    void take(const QByteArray &bytes);
    QString path(qint64 offset, bool follow) const;

    ControlPlaneClient *m_client;
    QString m_allocationId;
    Stream m_stream = Stream::Stdout;
    bool m_live = false;
    bool m_inFlight = false;
    qint64 m_offset = 0;
    quint64 m_generation = 0;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    QNetworkReply *m_follow = nullptr;
    QTimer m_retry;
    int m_retryMs = 1000;
    int m_backoffMs = 0;
    int m_streamsOpened = 0;
    int m_readsMade = 0;
};

} // namespace gantry
