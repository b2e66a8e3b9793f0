#include "ctlsession.h"

#include "controlplaneclient.h"
#include "handshake.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <unistd.h>

namespace gantry {

CtlSession::CtlSession(const CtlArguments &arguments)
    : m_arguments(arguments)
    , m_client(new ControlPlaneClient)
{}

CtlSession::~CtlSession()
{
    delete m_client;
}

int CtlSession::connect()
{
    if (!m_arguments.address.isEmpty()) {
        m_client->setAddress(QUrl(m_arguments.address));
        m_client->setToken(m_arguments.token.toUtf8());
        if (!m_arguments.caCertFile.isEmpty()) {
            QFile file(m_arguments.caCertFile);
            const QByteArray pem = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
            const TlsTrust trust = TlsTrust::fromPem(pem, false);
            if (trust.certificates.isEmpty())
                return usageError(QStringLiteral("--cacert %1: no PEM certificate in it")
                                      .arg(m_arguments.caCertFile));
            m_client->setTrust(trust);
        }
        return kExitOk;
    }
    const QString dataDir =
        m_arguments.dataDir.isEmpty() ? Handshake::defaultDataDir() : m_arguments.dataDir;
    QString why;
    const auto handshake = Handshake::read(dataDir, &why);
    if (!handshake) {
        std::fprintf(stderr,
                     "gantryctl: no running gantryd found on data dir %s (%s); start gantry or "
                     "`gantryd --data-dir %s`, or give --address and --token\n",
                     qPrintable(dataDir), qPrintable(why), qPrintable(dataDir));
        return kExitUnreachable;
    }
    m_client->setAddress(QUrl(handshake->address));
    m_client->setTrust(TlsTrust::fromPem(handshake->certificate, true));
    m_client->setToken(m_arguments.token.isEmpty() ? handshake->token.toUtf8()
                                                   : m_arguments.token.toUtf8());
    return kExitOk;
}

ApiResult CtlSession::call(const QByteArray &method, const QString &path, const QByteArray &body,
                           const QByteArray &contentType,
                           const QList<QPair<QByteArray, QByteArray>> &headers)
{
    ApiResult result;
    QEventLoop loop;
    m_client->request(
        method, path, body,
        [&](const ApiResult &r) {
            result = r;
            loop.quit();
        },
        contentType, headers);
    loop.exec();
    return result;
}

void CtlSession::setTimeout(int milliseconds)
{
    m_client->setTimeout(milliseconds);
}

ApiResult CtlSession::streamToStdout(const QString &path)
{
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle)) {
        ApiResult failed;
        failed.error = {QStringLiteral("output"), out.errorString(), {}};
        return failed;
    }
    return streamTo(path, &out);
}

ApiResult CtlSession::streamTo(const QString &path, QIODevice *out)
{
    ApiResult result;
    QEventLoop loop;
    qint64 received = 0;
    QString writeError;
    m_client->stream(
        path,
        [&](const QByteArray &chunk) {
            received += chunk.size();
            if (writeError.isEmpty() && out->write(chunk) != chunk.size())
                writeError = out->errorString();
        },
        [&](const ApiResult &r) {
            result = r;
            loop.quit();
        });
    loop.exec();
    if (!result.ok())
        return result;
    if (auto *file = qobject_cast<QFileDevice *>(out); file && !file->flush())
        writeError = file->errorString();
    if (!writeError.isEmpty()) {
        result.httpStatus = 0;
        result.error = {
            QStringLiteral("output"), QStringLiteral("cannot write: ") + writeError, {}};
        return result;
    }
    bool known = false;
    const qint64 expected = result.header("Content-Length").toLongLong(&known);
    if (known && received != expected) {
        result.httpStatus = 0;
        result.error = {
            QStringLiteral("incomplete"),
            QStringLiteral("the connection ended after %1 of %2 bytes").arg(received).arg(expected),
            {}};
    }
    return result;
}

void CtlSession::printTable(const QStringList &header, const QList<QStringList> &rows) const
{
    QList<qsizetype> widths;
    for (const QString &h : header)
        widths << h.size();
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    auto line = [&](const QStringList &cells) {
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i)
            text += i + 1 < cells.size() ? cells[i].leftJustified(widths[i] + 2) : cells[i];
        printLine(text);
    };
    line(header);
    for (const QStringList &row : rows)
        line(row);
}

bool CtlSession::confirm(const QString &question) const
{
    if (!::isatty(STDIN_FILENO))
        return true;
    std::printf("%s [y/N] ", qPrintable(question));
    std::fflush(stdout);
    char answer[16] = {};
    if (!std::fgets(answer, sizeof answer, stdin))
        return false;
    return answer[0] == 'y' || answer[0] == 'Y';
}

void CtlSession::printJson(const QJsonValue &value) const
{
    const QByteArray text = value.isArray()
                                ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)
                                : QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
}

void CtlSession::printLine(const QString &text) const
{
    std::printf("%s\n", qPrintable(text));
}

int CtlSession::fail(const ApiResult &result) const
{
    if (m_arguments.json)
        printJson(result.error.toJson());
    std::fprintf(stderr, "gantryctl: %s\n", qPrintable(result.describeError()));
    for (const FieldError &f : result.error.fields)
        std::fprintf(stderr, "  %s: %s\n", qPrintable(f.field), qPrintable(f.message));
    return result.unreachable ? kExitUnreachable : kExitFailed;
}

int CtlSession::usageError(const QString &message) const
{
    std::fprintf(stderr, "gantryctl: %s\nTry 'gantryctl --help'.\n", qPrintable(message));
    return kExitUsage;
}

} // namespace gantry
