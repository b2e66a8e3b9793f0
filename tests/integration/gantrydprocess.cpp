#include "gantrydprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

QJsonObject HttpAnswer::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray HttpAnswer::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

QString GantrydProcess::binary(const QString &name)
{
    return QDir(qEnvironmentVariable("GANTRY_BIN_DIR")).filePath(name);
}

GantrydProcess::GantrydProcess(QString dataDir)
    : m_dataDir(dataDir.isEmpty() ? m_tmp.filePath(QStringLiteral("data")) : std::move(dataDir))
{}

GantrydProcess::~GantrydProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool GantrydProcess::start(const QStringList &extraArgs, const QByteArray &stdinText)
{
    m_process.setProgram(binary(QStringLiteral("gantryd")));
    m_process.setArguments(QStringList{QStringLiteral("--data-dir"), m_dataDir} + extraArgs);
    m_process.start();
    if (!m_process.waitForStarted(5000))
        return false;
    if (!stdinText.isEmpty())
        m_process.write(stdinText);
    m_process.closeWriteChannel();
    // {"starting": ...} lines may come first, while a step of a long start runs.
    QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired() && m_address.isEmpty()) {
        if (!m_process.canReadLine()) {
            if (m_process.state() == QProcess::NotRunning)
                return false;
            m_process.waitForReadyRead(100);
            continue;
        }
        const QJsonObject said = QJsonDocument::fromJson(m_process.readLine()).object();
        if (!said.contains("starting"))
            m_address = said.value("listening").toString();
        if (!said.contains("starting") && m_address.isEmpty())
            return false; // a line that is neither
    }
    return !m_address.isEmpty();
}

HttpAnswer GantrydProcess::request(const QString &url, const QByteArray &method,
                                   const QByteArray &token, const QByteArray &body)
{
    QNetworkAccessManager network;
    QNetworkRequest request{QUrl(url)};
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.headers = reply->rawHeaderPairs();
    delete reply;
    return answer;
}
