// One CSV export of the audit log (GET /v1/audit/export.csv) into a file: streamed into a
// QSaveFile that is committed only when every byte gantryd announced has arrived, so a cancel,
// an error or a dropped connection leaves no file (and no half file) behind. Counts the CSV
// records as they arrive for the progress.
#pragma once

#include <QObject>
#include <QPointer>
#include <QUrlQuery>
#include <memory>

class QNetworkReply;
class QSaveFile;

namespace gantry {

class ControlPlaneClient;
struct ApiResult;

class AuditExport final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditExport)
public:
    enum class State { Idle, Preparing, Receiving, Done, Canceled, Failed };
    Q_ENUM(State)

    explicit AuditExport(ControlPlaneClient *client, QObject *parent = nullptr);
    ~AuditExport() override;

    // `filter`: the query parameters of GET /v1/audit (no limit, order or cursor). False (with
    // error()) when the file cannot be opened for writing or an export is already running.
    bool start(const QUrlQuery &filter, const QString &fileName);
    void cancel();

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Preparing || m_state == State::Receiving; }
    QString error() const { return m_error; }
    QString fileName() const { return m_fileName; }
    qint64 rowsWritten() const { return m_rows; }
    qint64 rowsExpected() const { return m_rowsExpected; } // -1 until gantryd says
    qint64 bytesWritten() const { return m_bytes; }
    qint64 bytesExpected() const { return m_bytesExpected; } // -1 until gantryd says

Q_SIGNALS:
    void progress();
    void finished(gantry::AuditExport::State state);

private:
    void onChunk(const QByteArray &chunk);
    void onDone(const ApiResult &result);
    void fail(const QString &why);
    void finish(State state);

    ControlPlaneClient *m_client;
    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<QSaveFile> m_file;
    State m_state = State::Idle;
    QString m_error;
    QString m_fileName;
    qint64 m_rows = 0;
    qint64 m_rowsExpected = -1;
    qint64 m_bytes = 0;
    qint64 m_bytesExpected = -1;
    qint64 m_lineBreaks = 0; // record ends (outside quotes), the header's included
    bool m_inQuotes = false;
};

} // namespace gantry
