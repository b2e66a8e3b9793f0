// Benchmark: GET /v1/events fan-out. A real EventHub behind QtHttpServer publishes RATE events/s
// for SECONDS seconds; SUBSCRIBERS SSE clients (each a raw socket in one reader thread) measure
// the delay from publish to receipt with a shared steady clock. Prints p50/p99/max latency and
// the delivered count. Usage: bench_events [RATE=10000] [SUBSCRIBERS=20] [SECONDS=5]
#include "api/apiserver.h"
#include "api/eventhub.h"
#include "api/tokenauth.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <vector>

using namespace gantry;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Results
{
    std::mutex mutex;
    std::vector<qint64> latenciesNs;
    std::atomic<qint64> received{0};
};

// Reads SSE frames from `count` sockets; every data line carries "sent":<ns>.
class Readers final : public QObject
{
public:
    Readers(quint16 port, int count, Results *results)
    {
        for (int i = 0; i < count; ++i) {
            auto *s = new QTcpSocket(this);
            s->connectToHost(QHostAddress::LocalHost, port);
            connect(s, &QTcpSocket::connected, s, [s] {
                s->write("GET /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                         "bench-token-0123456789\r\n\r\n");
            });
            auto buffer = std::make_shared<QByteArray>();
            connect(s, &QTcpSocket::readyRead, s, [s, buffer, results] {
                *buffer += s->readAll();
                const qint64 now = nowNs();
                std::vector<qint64> local;
                qsizetype pos = 0;
                while (true) {
                    const qsizetype at = buffer->indexOf("\"sent\":", pos);
                    if (at < 0)
                        break;
                    const qsizetype end = buffer->indexOf('}', at);
                    if (end < 0)
                        break;
                    local.push_back(now - buffer->mid(at + 7, end - at - 7).toLongLong());
                    pos = end;
                }
                buffer->remove(0, pos);
                results->received += qint64(local.size());
                std::lock_guard lock(results->mutex);
                results->latenciesNs.insert(results->latenciesNs.end(), local.begin(), local.end());
            });
        }
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rate = argc > 1 ? atoi(argv[1]) : 10000;
    const int subscribers = argc > 2 ? atoi(argv[2]) : 20;
    const int seconds = argc > 3 ? atoi(argv[3]) : 5;

    ApiServer api(std::make_shared<TokenAuth>("bench-token-0123456789"));
    EventHub hub(nullptr, 65536, 1);
    hub.installRoutes(api.router());
    QString why;
    const quint16 port = api.listen(QHostAddress::LocalHost, 0, &why);
    if (!port) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        return 1;
    }

    Results results;
    QThread readerThread;
    readerThread.start();
    Readers *readers = nullptr;
    QTimer::singleShot(0, [&] {
        readers = new Readers(port, subscribers, &results);
        readers->moveToThread(&readerThread);
    });
    // Wait until every subscriber is registered.
    QElapsedTimer wait;
    wait.start();
    while (hub.subscriberCount() < subscribers && wait.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    if (hub.subscriberCount() < subscribers) {
        std::fprintf(stderr, "only %d subscribers connected\n", hub.subscriberCount());
        return 1;
    }

    // Publish in 1 ms ticks: rate/1000 events per tick.
    const int perTick = std::max(1, rate / 1000);
    const qint64 total = qint64(rate) * seconds;
    qint64 published = 0;
    QElapsedTimer clock;
    clock.start();
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        // Catch up to the schedule so that the rate holds even if a tick is late.
        const qint64 due = std::min(total, clock.elapsed() * perTick);
        while (published < due) {
            hub.publish(QStringLiteral("Job"), QStringLiteral("updated"),
                        QJsonObject{{"n", published}, {"sent", nowNs()}});
            ++published;
        }
        if (published >= total)
            ticker.stop();
    });
    ticker.start();
    const qint64 expected = total * subscribers;
    while ((published < total || results.received < expected) &&
           clock.elapsed() < (seconds + 20) * 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double elapsed = clock.elapsed() / 1000.0;

    std::vector<qint64> l;
    {
        std::lock_guard lock(results.mutex);
        l = results.latenciesNs;
    }
    std::sort(l.begin(), l.end());
    auto pct = [&](double p) {
        return l.empty() ? 0.0 : l[size_t(p * double(l.size() - 1))] / 1e6;
    };
    std::printf("events published: %lld in %.2f s (%.0f/s), subscribers: %d\n", published, elapsed,
                published / elapsed, subscribers);
    std::printf("deliveries: %lld of %lld\n", qint64(results.received), expected);
    std::printf("latency ms: p50 %.2f  p99 %.2f  max %.2f\n", pct(0.5), pct(0.99), pct(1.0));
    QMetaObject::invokeMethod(
        readers, [&] { delete readers; }, Qt::BlockingQueuedConnection);
    readerThread.quit();
    readerThread.wait();
    return results.received == expected ? 0 : 1;
}
