#include "auditexport.h"

#include "apiresult.h"
#include "controlplaneclient.h"

#include <QNetworkReply>
#include <QSaveFile>

namespace gantry {

AuditExport::AuditExport(ControlPlaneClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

AuditExport::~AuditExport()
{
    if (isRunning())
        cancel();
}

bool AuditExport::start(const QUrlQuery &filter, const QString &fileName)
{
    if (isRunning()) {
        m_error = tr("An export is already running.");
        return false;
    }
    m_fileName = fileName;
    m_rows = m_bytes = m_lineBreaks = 0;
    m_rowsExpected = m_bytesExpected = -1;
    m_inQuotes = false;
    m_error.clear();
    m_file = std::make_unique<QSaveFile>(fileName);
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_error = tr("Cannot write %1: %2").arg(fileName, m_file->errorString());
        m_file.reset();
        m_state = State::Failed;
        return false;
    }
    m_state = State::Preparing;
    const QString query = filter.query(QUrl::FullyEncoded);
    m_reply = m_client->stream(
        QStringLiteral("/v1/audit/export.csv") + (query.isEmpty() ? QString() : '?' + query),
        [this](const QByteArray &chunk) { onChunk(chunk); },
        [this](const ApiResult &result) { onDone(result); });
    Q_EMIT progress();
    return true;
}

void AuditExport::cancel()
{
    if (!isRunning())
        return;
    finish(State::Canceled);
    if (m_reply)
        m_reply->abort();
}

void AuditExport::onChunk(const QByteArray &chunk)
{
    if (!isRunning())
        return;
    if (m_state == State::Preparing && m_reply) {
        m_state = State::Receiving;
        bool ok = false;
        const qint64 rows = m_reply->rawHeader("X-Audit-Rows").toLongLong(&ok);
        m_rowsExpected = ok ? rows : -1;
        const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
        m_bytesExpected = length.isValid() ? length.toLongLong() : -1;
    }
    if (m_file->write(chunk) != chunk.size()) {
        fail(tr("Cannot write %1: %2").arg(m_fileName, m_file->errorString()));
        return;
    }
    m_bytes += chunk.size();
    // Records end in CRLF outside quotes; a doubled quote toggles twice and changes nothing.
    for (const char c : chunk) {
        if (c == '"')
            m_inQuotes = !m_inQuotes;
        else if (c == '\n' && !m_inQuotes)
            ++m_lineBreaks;
    }
    m_rows = std::max<qint64>(0, m_lineBreaks - 1);
    Q_EMIT progress();
}

void AuditExport::onDone(const ApiResult &result)
{
    m_reply = nullptr;
    if (!isRunning())
        return; // canceled: the save file was discarded already
    if (!result.ok()) {
        fail(result.describeError());
        return;
    }
    if (m_state == State::Preparing) {
        // An empty body: not even a header row came.
        fail(tr("gantryd sent no CSV."));
        return;
    }
    if (m_bytesExpected >= 0 && m_bytes != m_bytesExpected) {
        fail(tr("The export ended after %1 of %2 bytes; the file was not written.")
                 .arg(m_bytes)
                 .arg(m_bytesExpected));
        return;
    }
    if (m_rowsExpected >= 0 && m_rows != m_rowsExpected) {
        fail(tr("The export has %1 rows where gantryd announced %2; the file was not written.")
                 .arg(m_rows)
                 .arg(m_rowsExpected));
        return;
    }
    if (!m_file->commit()) {
        fail(tr("Cannot write %1: %2").arg(m_fileName, m_file->errorString()));
        return;
    }
    m_file.reset();
    finish(State::Done);
}

void AuditExport::fail(const QString &why)
{
    m_error = why;
    finish(State::Failed);
    if (m_reply)
        m_reply->abort();
}

void AuditExport::finish(State state)
{
    if (m_file) {
        m_file->cancelWriting();
        m_file.reset(); // QSaveFile removes its temporary file
    }
    m_state = state;
    Q_EMIT progress();
    Q_EMIT finished(state);
}

} // namespace gantry
