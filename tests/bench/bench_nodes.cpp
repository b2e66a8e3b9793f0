// Benchmark: GET /v1/nodes with NODES nodes over real HTTP on loopback: REQUESTS sequential
// requests from a client thread; prints p50/p99 latency and, for scale, what building the same
// JSON with QJsonDocument per request costs. Usage: bench_nodes [NODES=5000] [REQUESTS=500]
#include "api/apiserver.h"
#include "api/eventhub.h"
#include "api/tokenauth.h"
#include "audit/auditsink.h"
#include "fleet/fleetroutes.h"
#include "fleet/fleetservice.h"
#include "fleet/localfleet.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace gantry;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int nodes = argc > 1 ? atoi(argv[1]) : 5000;
    const int requests = argc > 2 ? atoi(argv[2]) : 500;
    QTemporaryDir tmp;
    const auto spec = FleetSpec::parse(QStringLiteral("local:%1").arg(nodes));
    if (!spec.spec) {
        std::fprintf(stderr, "%s\n", qPrintable(spec.error));
        return 1;
    }
    LocalFleet fleet(tmp.path(), *spec.spec);
    EventHub hub(nullptr, 1024, 1);
    RecordingAuditSink audit;
    FleetService service(fleet, hub, audit);
    ApiServer api(std::make_shared<TokenAuth>("bench-token-0123456789"));
    FleetRoutes{service}.install(api.router());
    QString why;
    const quint16 port = api.listen(QHostAddress::LocalHost, 0, &why);

    std::vector<double> latencies;
    qint64 bytes = 0;
    QThread client;
    QObject::connect(&client, &QThread::started, [&] {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/nodes").arg(port)));
        request.setRawHeader("Authorization", "Bearer bench-token-0123456789");
        for (int i = 0; i < requests; ++i) {
            QElapsedTimer t;
            t.start();
            QNetworkReply *reply = network.get(request);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            bytes = reply->readAll().size();
            latencies.push_back(t.nsecsElapsed() / 1e6);
            delete reply;
        }
        client.quit();
    });
    client.start();
    while (!client.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    client.wait();

    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) { return latencies[size_t(p * double(latencies.size() - 1))]; };
    // For scale: the same array built with QJsonDocument on every request.
    QElapsedTimer naive;
    naive.start();
    const int naiveRounds = 20;
    for (int i = 0; i < naiveRounds; ++i) {
        QJsonArray all;
        for (const Node &n : fleet.scheduler().nodes())
            all.append(*service.nodeObject(n.id));
        QJsonDocument(all).toJson(QJsonDocument::Compact);
    }
    std::printf(
        "GET /v1/nodes, %d nodes, %lld bytes, %d requests: p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
        nodes, bytes, requests, pct(0.5), pct(0.99), pct(1.0));
    std::printf("for scale, building it with QJsonDocument: %.2f ms per response\n",
                naive.nsecsElapsed() / 1e6 / naiveRounds);
    return 0;
}
