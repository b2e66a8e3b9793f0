#include "router.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpSocket>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

namespace gantry {

Router::Router(std::shared_ptr<const Authenticator> auth)
    : m_auth(std::move(auth))
{}

void Router::add(const QByteArray &method, const QString &pattern, Handler handler, Options options)
{
    m_routes.push_back(
        {method, pattern.split('/', Qt::SkipEmptyParts), std::move(handler), {}, options});
}

void Router::addStream(const QByteArray &method, const QString &pattern, StreamHandler handler,
                       Options options)
{
    m_routes.push_back(
        {method, pattern.split('/', Qt::SkipEmptyParts), {}, std::move(handler), options});
}

bool Router::matches(const Route &route, const QStringList &segments,
                     QHash<QString, QString> *params)
{
    if (route.segments.size() != segments.size())
        return false;
    QHash<QString, QString> captured;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &want = route.segments[i];
        if (want.startsWith(':'))
            captured.insert(want.mid(1), segments[i]);
        else if (want != segments[i])
            return false;
    }
    *params = std::move(captured);
    return true;
}

ApiResponse Router::handle(ApiRequest &request, const Route **pending) const
{
    const QStringList segments = request.path.split('/', Qt::SkipEmptyParts);
    const Route *found = nullptr;
    int foundLiterals = -1;
    QStringList allowed;
    // The most specific route wins: /v1/audit/export.csv before /v1/audit/:id.
    for (const Route &route : m_routes) {
        QHash<QString, QString> params;
        if (!matches(route, segments, &params))
            continue;
        if (route.method == request.method ||
            (request.method == "HEAD" && route.method == "GET" && route.handler)) {
            const int literals =
                int(std::count_if(route.segments.cbegin(), route.segments.cend(),
                                  [](const QString &s) { return !s.startsWith(':'); }));
            if (literals > foundLiterals) {
                found = &route;
                foundLiterals = literals;
                request.params = std::move(params);
            }
            continue;
        }
        if (!allowed.contains(QString::fromLatin1(route.method)))
            allowed << QString::fromLatin1(route.method);
    }

    // Authenticate before telling whether a route exists, so that a caller without a token
    // learns nothing about the API but its public routes.
    const bool needsToken = found ? found->options.needsToken : true;
    if (needsToken) {
        const auto identity = m_auth->authenticate(request.header("authorization"));
        if (!identity) {
            ApiResponse r = ApiResponse::error(
                401, QStringLiteral("unauthorized"),
                request.header("authorization").isEmpty()
                    ? QStringLiteral("missing token: send \"Authorization: Bearer <token>\"")
                    : QStringLiteral("invalid token"));
            r.headers.append(
                qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"gantryd\"")));
            return r;
        }
        request.identity = *identity;
    }
    if (!found) {
        if (!allowed.isEmpty()) {
            ApiResponse r = ApiResponse::error(
                405, QStringLiteral("method_not_allowed"),
                QStringLiteral("%1 is not allowed on %2; allowed: %3")
                    .arg(QString::fromLatin1(request.method), request.path, allowed.join(", ")));
            r.headers.append(qMakePair(QByteArray("Allow"), allowed.join(", ").toLatin1()));
            return r;
        }
        return ApiResponse::error(404, QStringLiteral("not_found"),
                                  QStringLiteral("no such route: %1").arg(request.path));
    }
    using Access = Options::Access;
    const bool reads = request.method == "GET" || request.method == "HEAD";
    const Access access = found->options.access == Access::Default
                              ? (reads ? Access::Read : Access::Admin)
                              : found->options.access;
    if (access == Access::Admin && needsToken && !request.identity.admin)
        return ApiResponse::error(403, QStringLiteral("forbidden"),
                                  QStringLiteral("%1 is a viewer: viewers may read but not change "
                                                 "anything; an admin can promote this user")
                                      .arg(request.identity.name));
    if (request.body.size() > found->options.bodyLimit) {
        return ApiResponse::error(
            413, QStringLiteral("body_too_large"),
            QStringLiteral("request body of %1 bytes exceeds the limit of "
                           "%2 bytes for this route")
                .arg(request.body.size())
                .arg(found->options.bodyLimit),
            {{QStringLiteral("body"), QStringLiteral("is %1 bytes; expected at most %2 bytes")
                                          .arg(request.body.size())
                                          .arg(found->options.bodyLimit)}});
    }
    if (pending && (found->stream || found->options.offEventLoop)) {
        *pending = found;
        return {};
    }
    if (found->stream)
        return ApiResponse::error(500, QStringLiteral("internal"),
                                  QStringLiteral("streaming route called without a connection"));
    return found->handler(request);
}

void Router::dispatch(const QHttpServerRequest &httpRequest, QHttpServerResponder &&responder) const
{
    ApiRequest request;
    request.method = methodName(int(httpRequest.method()));
    request.path = httpRequest.url().path();
    request.query = httpRequest.query();
    for (const auto &[name, value] : httpRequest.headers())
        request.headers.insert(name.toLower(), value);
    request.body = httpRequest.body();
    request.remoteAddress = httpRequest.remoteAddress();
    request.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);

    const Route *pending = nullptr;
    ApiResponse response = handle(request, &pending);
    response.requestId = request.requestId.toLatin1();
    if (pending && pending->stream) {
        pending->stream(request, std::move(responder));
        return;
    }
    if (pending) {
        sendWhenDone(pending->handler, request, std::move(responder));
        return;
    }
    if (request.method == "HEAD") {
        ApiResponse head = response;
        head.body.clear();
        send(responder, head);
        return;
    }
    send(responder, response);
}

void Router::sendWhenDone(const Handler &handler, const ApiRequest &request,
                          QHttpServerResponder &&responder)
{
    auto shared = std::make_shared<QHttpServerResponder>(std::move(responder));
    // Writing to a responder whose client has gone crashes QtHttpServer 6.4: answer only while
    // the socket is still there and connected.
    QPointer<QTcpSocket> socket = shared->socket();
    QtConcurrent::run([handler, request] {
        ApiResponse response = handler(request);
        response.requestId = request.requestId.toLatin1();
        return response;
    }).then(QCoreApplication::instance(), [shared, socket](const ApiResponse &response) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            send(*shared, response);
    });
}

void Router::send(QHttpServerResponder &responder, const ApiResponse &response)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeHeader("Cache-Control", "no-store");
    if (!response.requestId.isEmpty())
        responder.writeHeader("X-Request-Id", response.requestId);
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeBody(response.body);
}

QByteArray Router::methodName(int qtMethod)
{
    switch (QHttpServerRequest::Method(qtMethod)) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

} // namespace gantry
