#include "logroutes.h"

#include "api/router.h"
#include "fleetservice.h"

#include <QFile>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace gantry {

namespace {

// One open `follow=true` response: polls the log file and writes what is new.
class LogFollower final : public QObject
{
public:
    LogFollower(FleetService &service, QString allocationId, QString path, qint64 offset,
                QHttpServerResponder &&responder, QObject *parent)
        : QObject(parent)
        , m_service(service)
        , m_allocationId(std::move(allocationId))
        , m_path(std::move(path))
        , m_offset(offset)
        , m_responder(std::move(responder))
        , m_socket(m_responder.socket())
    {
        setObjectName(QStringLiteral("LogFollower"));
        connect(&m_timer, &QTimer::timeout, this, &LogFollower::poll);
        if (m_socket)
            connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        m_timer.start(200);
        poll();
    }

private:
    void poll()
    {
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
            deleteLater();
            return;
        }
        const auto alloc = m_service.scheduler().allocation(m_allocationId);
        const bool ended = !alloc || isTerminal(alloc->clientStatus);
        QFile file(m_path);
        if (file.open(QIODevice::ReadOnly) && file.size() > m_offset) {
            file.seek(m_offset);
            // Keep a slow reader from making us buffer the whole log in memory.
            if (m_socket->bytesToWrite() < 1024 * 1024) {
                const QByteArray chunk = file.read(256 * 1024);
                m_offset += chunk.size();
                m_responder.writeBody(chunk);
                if (file.size() > m_offset)
                    return; // more to send: poll again soon
            } else {
                return;
            }
        }
        if (ended) {
            m_timer.stop();
            m_socket->disconnectFromHost();
            deleteLater();
        }
    }

    FleetService &m_service;
    QString m_allocationId;
    QString m_path;
    qint64 m_offset;
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    QTimer m_timer;
};

} // namespace

LogRoutes::LogRoutes(FleetService &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

int LogRoutes::followers() const
{
    return int(
        findChildren<QObject *>(QStringLiteral("LogFollower"), Qt::FindDirectChildrenOnly).size());
}

void LogRoutes::install(Router &router)
{
    router.addStream(
        "GET", QStringLiteral("/v1/allocation/:id/logs"),
        [this](const ApiRequest &r, QHttpServerResponder &&responder) {
            const QString id = r.params.value(QStringLiteral("id"));
            const QString type = r.query.queryItemValue(QStringLiteral("type"));
            const QString follow = r.query.queryItemValue(QStringLiteral("follow"));
            const QString offsetText = r.query.queryItemValue(QStringLiteral("offset"));
            bool offsetOk = true;
            const qint64 offset = offsetText.isEmpty() ? 0 : offsetText.toLongLong(&offsetOk);
            QList<FieldError> fields;
            if (!type.isEmpty() && type != QStringLiteral("stdout") &&
                type != QStringLiteral("stderr"))
                fields.append(
                    {QStringLiteral("type"), QStringLiteral("expected stdout or stderr")});
            if (!follow.isEmpty() && follow != QStringLiteral("true") &&
                follow != QStringLiteral("false"))
                fields.append({QStringLiteral("follow"), QStringLiteral("expected true or false")});
            if (!offsetOk || offset < 0)
                fields.append({QStringLiteral("offset"),
                               QStringLiteral("a byte offset: a whole number ≥ 0")});
            if (!fields.isEmpty()) {
                Router::send(responder,
                             ApiResponse::error(400, QStringLiteral("invalid_parameter"),
                                                fields.constFirst().field + QStringLiteral(": ") +
                                                    fields.constFirst().message,
                                                fields));
                return;
            }
            const auto alloc = m_service.scheduler().allocation(id);
            if (!alloc) {
                Router::send(responder, ApiResponse::error(
                                            404, QStringLiteral("not_found"),
                                            QStringLiteral("no allocation with id %1").arg(id)));
                return;
            }
            const QString path = m_service.fleet().logPath(id, type == QStringLiteral("stderr"));
            if (follow == QStringLiteral("true")) {
                responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
                responder.writeHeader("Content-Type", "text/plain; charset=utf-8");
                responder.writeHeader("Cache-Control", "no-store");
                responder.writeHeader("Connection", "close");
                responder.writeHeader("X-Allocation-Status",
                                      toApiString(alloc->clientStatus).toLatin1());
                new LogFollower(m_service, id, path, offset, std::move(responder), this);
                return;
            }
            QFile file(path);
            QByteArray data;
            qint64 size = 0;
            if (file.open(QIODevice::ReadOnly)) {
                size = file.size();
                if (offset < size) {
                    file.seek(offset);
                    data = file.read(kMaxChunk);
                }
            }
            ApiResponse response{200, "text/plain; charset=utf-8", data, {}, {}};
            response.headers.append(
                qMakePair(QByteArray("X-Log-Offset"),
                          QByteArray::number(std::min(size, offset + data.size()))));
            response.headers.append(qMakePair(QByteArray("X-Log-Size"), QByteArray::number(size)));
            response.headers.append(qMakePair(QByteArray("X-Allocation-Status"),
                                              toApiString(alloc->clientStatus).toLatin1()));
            Router::send(responder, response);
        },
        Router::Options{.bodyLimit = 0});
}

} // namespace gantry
