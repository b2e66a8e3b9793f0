// The one dispatcher of gantryd's HTTP API. QHttpServer hands every request to it (through its
// missing-handler), so authentication, body limits, 404/405 and the JSON error shape are decided
// in one place for every route, including streaming ones.
#pragma once

#include "apirequest.h"
#include "apiresponse.h"
#include "identity.h"

#include <QHttpServerResponder>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

class QHttpServerRequest;

namespace gantry {

class Router final
{
public:
    using Handler = std::function<ApiResponse(const ApiRequest &)>;
    // A streaming or deferred handler owns the responder and writes when it likes (SSE, log
    // follow, work done off the event loop). It must stop writing once the socket disconnects.
    using StreamHandler = std::function<void(const ApiRequest &, QHttpServerResponder &&)>;

    struct Options
    {
        bool needsToken = true;
        qsizetype bodyLimit = 1024 * 1024; // bytes; larger bodies get 413
        // Long work (checks, apply, import, export): the handler runs on the thread pool and
        // the answer is sent from the event loop, so the API and the event stream never stall.
        // Such a handler must be thread-safe.
        bool offEventLoop = false;
        // Read: viewers may call it; Admin: admins only (403 for viewers); Default: GET and
        // HEAD are Read, every other method changes something and is Admin.
        enum class Access { Default, Read, Admin } access = Access::Default;
    };

    explicit Router(std::shared_ptr<const Authenticator> auth);

    // pattern: "/v1/node/:id" (":name" matches one path segment, available as params["name"]).
    void add(const QByteArray &method, const QString &pattern, Handler handler, Options options);
    void add(const QByteArray &method, const QString &pattern, Handler handler)
    {
        add(method, pattern, std::move(handler), Options{});
    }
    void addStream(const QByteArray &method, const QString &pattern, StreamHandler handler,
                   Options options);

    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder) const;

    struct Route;
    // Resolves a request without the HTTP layer; used by dispatch() and by tests. When `pending`
    // is given and the route streams or runs off the event loop, it is set to that route and the
    // returned response is empty; without it such handlers run synchronously here.
    ApiResponse handle(ApiRequest &request, const Route **pending = nullptr) const;

    static void send(QHttpServerResponder &responder, const ApiResponse &response);
    static QByteArray methodName(int qtMethod);

    struct Route
    {
        QByteArray method;
        QStringList segments;
        Handler handler;
        StreamHandler stream;
        Options options;
    };

private:
    static void sendWhenDone(const Handler &handler, const ApiRequest &request,
                             QHttpServerResponder &&responder);
    static bool matches(const Route &route, const QStringList &segments,
                        QHash<QString, QString> *params);

    std::shared_ptr<const Authenticator> m_auth;
    std::vector<Route> m_routes;
};

} // namespace gantry
