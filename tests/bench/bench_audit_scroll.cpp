// The audit browser scrolled from the newest to the oldest event of a large log: N generated
// events are written straight into a data dir's SQLite store (the shape of auditbenchdata.h),
// a real gantryd serves that data dir, and the real Audit page (offscreen) is scrolled to its
// end page after page until it holds the oldest event. Prints the time per page and the resident
// memory of this process (the console) and of gantryd as it goes. Not a pass/fail test.
//
//   bench_audit_scroll [ROWS=1000000] [DIR=/tmp/gantry-bench-scroll] [PAGE=200] [--reuse]
#include "audit/auditstore.h"
#include "auditbenchdata.h"
#include "auditexport.h"
#include "auditlogpage.h"
#include "audittablemodel.h"
#include "controlplaneclient.h"
#include "protocol/handshake.h"
#include "store/database.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScrollBar>
#include <QTableView>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace gantry;

namespace {

qint64 rssKb(qint64 pid)
{
    QFile status(pid == 0 ? QStringLiteral("/proc/self/status")
                          : QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

bool generate(const QString &dir, qint64 rows)
{
    QDir().mkpath(dir);
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString path = QDir(dir).filePath("gantry.db");
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + suffix);
    QString why;
    auto db = Database::openSqlite(path, &why);
    AuditStore::Options options;
    options.fullTextIndex = false; // the bench never searches text
    auto store = db ? AuditStore::open(db.get(), options, &why) : nullptr;
    if (!store) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(why));
        return false;
    }
    QRandomGenerator random(42);
    QElapsedTimer t;
    t.start();
    constexpr int kBatch = 20000;
    for (qint64 start = 0; start < rows; start += kBatch) {
        QList<AuditRow> batch;
        batch.reserve(kBatch);
        for (qint64 i = start; i < std::min(rows, start + kBatch); ++i)
            batch.append(AuditRow::fromEvent(bench::benchEvent(i, random)));
        const auto r = store->recordRows(std::move(batch));
        if (!r.ok()) {
            std::fprintf(stderr, "generating failed: %s\n", qPrintable(r.error));
            return false;
        }
    }
    std::printf("generated %lld events in %.1f s\n", static_cast<long long>(rows),
                double(t.elapsed()) / 1000.0);
    std::fflush(stdout);
    return true;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const bool reuse = args.removeAll("--reuse") > 0;
    const qint64 rows = args.value(0, "1000000").toLongLong();
    const QString dir = args.value(1, "/tmp/gantry-bench-scroll");
    const int pageSize = args.value(2, "200").toInt();
    if (rows <= 0 || pageSize <= 0) {
        std::fprintf(stderr, "usage: bench_audit_scroll [ROWS] [DIR] [PAGE] [--reuse]\n");
        return 2;
    }
    if (!reuse && !generate(dir, rows))
        return 1;

    QProcess gantryd;
    gantryd.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QFile::remove(QDir(dir).filePath(Handshake::fileName()));
    gantryd.start(QDir(QCoreApplication::applicationDirPath()).filePath("../bin/gantryd"),
                  {"--data-dir", dir});
    if (!gantryd.waitForStarted(5000)) {
        std::fprintf(stderr, "cannot start gantryd: %s\n", qPrintable(gantryd.errorString()));
        return 1;
    }
    // A store generated without the full-text index gets it rebuilt when gantryd opens it.
    std::printf("waiting for gantryd (it rebuilds the full-text index of a fresh store)\n");
    std::fflush(stdout);
    QElapsedTimer startup;
    startup.start();
    QDeadlineTimer ready(30 * 60 * 1000);
    // Until the listening line: a long start prints {"starting": …} lines before it.
    bool listening = false;
    while (!listening && !ready.hasExpired() && gantryd.state() == QProcess::Running) {
        gantryd.waitForReadyRead(100);
        while (gantryd.canReadLine())
            listening = listening || gantryd.readLine().contains("\"listening\"");
    }
    const auto handshake = listening ? Handshake::read(dir) : std::nullopt;
    if (!handshake) {
        std::fprintf(stderr, "gantryd did not come up\n");
        return 1;
    }
    std::printf("gantryd up after %.1f s\n", double(startup.elapsed()) / 1000.0);
    std::fflush(stdout);

    ControlPlaneClient client;
    client.setAddress(QUrl(handshake->address));
    client.setToken(handshake->token.toUtf8());
    client.setTimeout(120000);
    AuditTableModel model(&client);
    model.setPageSize(pageSize);
    AuditExport exporter(&client);
    AuditLogPage page(&model, &exporter);
    page.resize(1280, 800);
    auto settle = [&] {
        while (model.isFetching() || model.state() == AuditTableModel::State::Loading)
            app.processEvents(QEventLoop::WaitForMoreEvents, 50);
        app.processEvents();
    };
    const qint64 rssStart = rssKb(0);
    QElapsedTimer total;
    total.start();
    page.show(); // the first page
    settle();
    std::printf("first page: %lld ms, %s, window %d rows, max %d\n",
                static_cast<long long>(total.elapsed()), qPrintable(model.totalText()),
                model.rowCount(), model.maxRows());

    std::vector<double> pageMs;
    qint64 seen = model.rowCount();
    qint64 rssMax = rssKb(0);
    qint64 gantrydMax = rssKb(gantryd.processId());
    int windowMax = model.rowCount();
    QScrollBar *bar = page.view()->verticalScrollBar();
    while (!model.holdsOldest() && model.state() == AuditTableModel::State::Ready) {
        const int before = model.rowCount();
        const QString last = model.idAt(before - 1);
        QElapsedTimer t;
        t.start();
        bar->setValue(bar->maximum()); // the admin drags to the end: the next page comes in
        if (!model.isFetching() && model.canFetchMore({}))
            model.fetchMore({});
        settle();
        pageMs.push_back(double(t.nsecsElapsed()) / 1e6);
        seen += model.rowCount() - model.rowOf(last) - 1;
        windowMax = std::max(windowMax, model.rowCount());
        if (pageMs.size() % 500 == 0) {
            const qint64 rss = rssKb(0);
            const qint64 server = rssKb(gantryd.processId());
            rssMax = std::max(rssMax, rss);
            gantrydMax = std::max(gantrydMax, server);
            std::printf("  page %zu: %lld rows seen, %.1f s, console RSS %lld MB, gantryd RSS "
                        "%lld MB, p50 %.1f ms/page\n",
                        pageMs.size(), static_cast<long long>(seen),
                        double(total.elapsed()) / 1000.0, static_cast<long long>(rss / 1024),
                        static_cast<long long>(server / 1024), percentile(pageMs, 0.5));
            std::fflush(stdout);
        }
    }
    rssMax = std::max(rssMax, rssKb(0));
    std::printf("scrolled %lld of %lld events in %zu pages of %d in %.1f s (state %s)\n",
                static_cast<long long>(seen), static_cast<long long>(rows), pageMs.size(), pageSize,
                double(total.elapsed()) / 1000.0,
                model.state() == AuditTableModel::State::Ready ? "ready"
                                                               : qPrintable(model.lastError()));
    std::printf("time per page: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", percentile(pageMs, 0.5),
                percentile(pageMs, 0.99), percentile(pageMs, 1.0));
    std::printf("window at most %d rows; console RSS %lld MB at start, %lld MB at most; gantryd "
                "RSS %lld MB at most\n",
                windowMax, static_cast<long long>(rssStart / 1024),
                static_cast<long long>(rssMax / 1024), static_cast<long long>(gantrydMax / 1024));
    gantryd.terminate();
    gantryd.waitForFinished(10000);
    // With --reuse the store also holds the audit_log.view events of earlier runs.
    if (seen > rows)
        std::printf("(%lld more than generated: audit_log.view events of earlier runs)\n",
                    static_cast<long long>(seen - rows));
    return seen >= rows ? 0 : 1;
}
