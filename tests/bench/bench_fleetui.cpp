// Benchmark (issue 7): the live fleet in the console at scale. NODES nodes and JOBS jobs in the
// real models; the Jobs table (a real QTreeView, shown offscreen) sorted by a column the changes
// touch; BATCHES batches of 1,000 changed jobs, each timed from the first change to a repainted
// viewport, with the signals the view's model emitted. Three set-ups in one run: no sorting at
// all, a plain QSortFilterProxyModel with dynamic sorting (the old design), and LiveTableView's
// LiveSortProxy. Then the RSS the models take and the dashboard's frame time with charts updated
// once a (simulated) second.
// Usage: QT_QPA_PLATFORM=offscreen bench_fleetui [NODES=5000] [JOBS=50000] [BATCHES=20]
//        [PARTS=rss,table,dashboard; or mixed, live: LiveTableView's rows alone]
#include "controlplaneclient.h"
#include "dashboardmodel.h"
#include "dashboardpage.h"
#include "fleetfeed.h"
#include "jobsmodel.h"
#include "livesortproxy.h"
#include "livetableview.h"
#include "nodesmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <algorithm>
#include <cstdio>
#include <unistd.h>
#include <vector>

using namespace gantry;

namespace {

constexpr int kBatch = 1000;

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

double rssMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toDouble() * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

QJsonObject makeNode(int i, int allocs)
{
    return {{"id", QStringLiteral("node-%1").arg(i, 5, 10, QLatin1Char('0'))},
            {"name", QStringLiteral("builder-%1").arg(i)},
            {"datacenter", QStringLiteral("dc%1").arg(i % 3 + 1)},
            {"node_class", "linux"},
            {"drain", i % 97 == 0},
            {"drain_deadline", QJsonValue::Null},
            {"eligibility", "eligible"},
            {"status", i % 151 == 0 ? "down" : "ready"},
            {"resources", QJsonObject{{"cpu", 16}, {"memory_mb", 32768}}},
            {"reserved", QJsonObject{{"cpu", 2}, {"memory_mb", 4096}}},
            {"allocated", QJsonObject{{"cpu", allocs * 2}, {"memory_mb", allocs * 4096}}},
            {"running_allocs", allocs}};
}

// A job in one of three states; `step` moves it along pending → running → dead → pending.
QJsonObject makeJob(int i, int state, const QDateTime &now)
{
    const QDateTime submitted = now.addSecs(-(i % 86400));
    QJsonObject o{
        {"id", QStringLiteral("job-%1").arg(i, 6, 10, QLatin1Char('0'))},
        {"name", QStringLiteral("test-%1").arg(i % 50)},
        {"workflow", QStringLiteral("build-%1").arg(i % 20)},
        {"status", "pending"},
        {"outcome", QJsonValue::Null},
        {"on_hold", false},
        {"resource_class", "medium"},
        {"parallelism", 1},
        {"submitted_at", iso(submitted)},
        {"started_at", QJsonValue::Null},
        {"finished_at", QJsonValue::Null},
        {"queue_seconds", QJsonValue::Null},
        {"node_ids", QJsonArray{QStringLiteral("node-%1").arg(i % 5000, 5, 10, QLatin1Char('0'))}}};
    const double queue = double(i % 300) / 10.0;
    if (state >= 1) {
        o["status"] = "running";
        o["started_at"] = iso(submitted.addMSecs(qint64(queue * 1000)));
        o["queue_seconds"] = queue;
    }
    if (state == 2) {
        o["status"] = "dead";
        o["outcome"] = i % 10 == 0 ? "failed" : "success";
        o["finished_at"] = iso(submitted.addSecs(60 + i % 900));
    }
    return o;
}

// Counts paint events, to be sure a "repaint" painted.
class PaintCounter final : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        paints += event->type() == QEvent::Paint;
        return false;
    }
};

struct SignalCount
{
    int dataChanged = 0, inserted = 0, removed = 0, moved = 0, layout = 0, reset = 0;
    int total() const { return dataChanged + inserted + removed + moved + layout + reset; }
};

void countSignals(QAbstractItemModel *model, SignalCount *count, QObject *context)
{
    QObject::connect(model, &QAbstractItemModel::dataChanged, context,
                     [count] { ++count->dataChanged; });
    QObject::connect(model, &QAbstractItemModel::rowsInserted, context,
                     [count] { ++count->inserted; });
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, context,
                     [count] { ++count->removed; });
    QObject::connect(model, &QAbstractItemModel::rowsMoved, context, [count] { ++count->moved; });
    QObject::connect(model, &QAbstractItemModel::layoutChanged, context,
                     [count] { ++count->layout; });
    QObject::connect(model, &QAbstractItemModel::modelReset, context, [count] { ++count->reset; });
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5))];
}

enum class Setup { Unsorted, PlainProxy, LiveSortProxy, LiveSortTree };

const char *setupName(Setup s)
{
    switch (s) {
    case Setup::Unsorted:
        return "unsorted view (no proxy)";
    case Setup::PlainProxy:
        return "QSortFilterProxyModel, dynamic sort";
    case Setup::LiveSortProxy:
        return "LiveTableView (LiveSortProxy + QTableView)";
    case Setup::LiveSortTree:
        return "LiveSortProxy + QTreeView";
    }
    return "";
}

// One Jobs table set-up: returns nothing, prints one line.
void benchJobsTable(Setup setup, const QString &sortKey, bool mixed, int jobCount, int batches)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    JobsModel model;
    std::vector<int> state(static_cast<size_t>(jobCount), 0);
    QList<QJsonObject> jobs;
    jobs.reserve(jobCount);
    for (int i = 0; i < jobCount; ++i) {
        state[size_t(i)] = i % 3;
        jobs.append(makeJob(i, state[size_t(i)], now));
    }
    model.replaceJobs(jobs);
    model.flush();
    int sortColumn = 0;
    for (int c = 0; c < model.columns().size(); ++c)
        if (model.columns()[c].key == sortKey)
            sortColumn = c;

    QObject context;
    std::unique_ptr<LiveTableView> table;
    std::unique_ptr<QAbstractItemView> plainView;
    LiveSortProxy liveProxy;
    QSortFilterProxyModel plainProxy;
    QAbstractItemView *view = nullptr;
    QAbstractItemModel *viewModel = nullptr;
    if (setup == Setup::LiveSortProxy) {
        table = std::make_unique<LiveTableView>(&model, QStringLiteral("bench-jobs"));
        view = table->view();
        table->resize(1200, 700);
        table->show();
        table->view()->sortByColumn(sortColumn, Qt::AscendingOrder);
        viewModel = table->proxy();
    } else if (setup == Setup::LiveSortTree) {
        // LiveTableView's proxy under the QTreeView it used before: what the view costs.
        auto *tree = new QTreeView;
        plainView.reset(tree);
        view = tree;
        tree->setRootIsDecorated(false);
        tree->setUniformRowHeights(true);
        liveProxy.setSourceModel(&model);
        liveProxy.setSortRole(LiveTableModel::SortRole);
        tree->setModel(&liveProxy);
        tree->setSortingEnabled(true);
        tree->sortByColumn(sortColumn, Qt::AscendingOrder);
        tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
        tree->setSelectionBehavior(QAbstractItemView::SelectRows);
        viewModel = &liveProxy;
        view->resize(1200, 700);
        view->show();
    } else {
        auto *tree = new QTreeView;
        plainView.reset(tree);
        view = tree;
        tree->setRootIsDecorated(false);
        tree->setUniformRowHeights(true);
        view->setSelectionMode(QAbstractItemView::ExtendedSelection);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        if (setup == Setup::PlainProxy) {
            plainProxy.setSourceModel(&model);
            plainProxy.setSortRole(LiveTableModel::SortRole);
            plainProxy.setDynamicSortFilter(true);
            view->setModel(&plainProxy);
            tree->setSortingEnabled(true);
            tree->sortByColumn(sortColumn, Qt::AscendingOrder);
            viewModel = &plainProxy;
        } else {
            view->setModel(&model);
            viewModel = &model;
        }
        view->resize(1200, 700);
        view->show();
    }
    if (!QTest::qWaitForWindowExposed(view->window()))
        std::fprintf(stderr, "the view's window was never exposed: paint times mean nothing\n");
    PaintCounter paints;
    view->viewport()->installEventFilter(&paints);
    view->viewport()->repaint();
    // A selected row and a scroll position, to see whether they survive.
    const QModelIndex selected = viewModel->index(viewModel->rowCount() / 2, 0);
    const QString selectedId = selected.data(LiveTableModel::IdRole).toString();
    view->selectionModel()->select(selected,
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    view->scrollTo(selected, QAbstractItemView::PositionAtCenter);
    view->viewport()->repaint();

    // What a repaint costs with nothing changed: the floor under every batch's figure.
    std::vector<double> idlePaints;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer idle;
        idle.start();
        view->viewport()->repaint();
        idlePaints.push_back(double(idle.nsecsElapsed()) / 1e6);
    }

    SignalCount count;
    countSignals(viewModel, &count, &context);
    QRandomGenerator random(42);
    std::vector<double> times, flushTimes, queueTimes, paintTimes;
    int next = jobCount;
    int signalsPerBatch = 0;
    for (int b = 0; b < batches; ++b) {
        // The batch: 1,000 jobs move on (pending → running → dead → pending), which changes
        // status, outcome, queue time and duration; mixed batches also add and remove 50 jobs.
        std::vector<QJsonObject> changes;
        for (int k = 0; k < kBatch; ++k) {
            const int i = int(random.bounded(jobCount));
            state[size_t(i)] = (state[size_t(i)] + 1) % 3;
            changes.push_back(makeJob(i, state[size_t(i)], now));
        }
        const SignalCount before = count;
        QElapsedTimer timer;
        timer.start();
        for (const QJsonObject &job : changes)
            model.setJob(job);
        if (mixed) {
            for (int k = 0; k < 50; ++k) {
                model.setJob(makeJob(next++, 0, now));
                model.removeJob(QStringLiteral("job-%1").arg(int(random.bounded(jobCount)), 6, 10,
                                                             QLatin1Char('0')));
            }
        }
        const double queued = double(timer.nsecsElapsed()) / 1e6;
        model.flush();
        const double flushed = double(timer.nsecsElapsed()) / 1e6;
        view->viewport()->repaint();
        const double painted = double(timer.nsecsElapsed()) / 1e6;
        queueTimes.push_back(queued);
        flushTimes.push_back(flushed - queued);
        paintTimes.push_back(painted - flushed);
        times.push_back(painted);
        signalsPerBatch = count.total() - before.total();
    }
    bool selectionKept = false;
    for (const QModelIndex &index : view->selectionModel()->selectedRows())
        selectionKept |= index.data(LiveTableModel::IdRole).toString() == selectedId;
    if (mixed && !selectionKept) // the selected job may have been removed by the batch
        selectionKept = model.job(selectedId).isEmpty();
    std::printf("| %-44s | %-8s | %-5s | %6.2f | %6.2f | %6.2f | %6.2f | %7.2f | %7.2f | %7.2f | "
                "%5d | %5.1f | %s | %d |\n",
                setupName(setup), setup == Setup::Unsorted ? "-" : qPrintable(sortKey),
                mixed ? "mixed" : "plain", percentile(idlePaints, 0.5), percentile(queueTimes, 0.5),
                percentile(flushTimes, 0.5), percentile(paintTimes, 0.5), percentile(times, 0.5),
                percentile(times, 0.9), *std::max_element(times.begin(), times.end()),
                signalsPerBatch, double(count.total()) / batches, selectionKept ? "yes" : "NO",
                paints.paints);
    std::fflush(stdout);
}

void benchDashboard(int nodeCount, int jobCount, int seconds)
{
    ControlPlaneClient client; // never called: the lists and events are applied directly
    FleetFeed feed(&client);
    const QDateTime start = QDateTime::currentDateTimeUtc();
    QList<QJsonObject> nodes, jobs;
    for (int i = 0; i < nodeCount; ++i)
        nodes.append(makeNode(i, i % 7));
    for (int i = 0; i < jobCount; ++i)
        jobs.append(makeJob(i, i % 3, start));
    feed.applyLists(nodes, jobs);
    feed.nodes()->flush();
    feed.jobs()->flush();
    DashboardModel model(&feed);
    // Slots run in connection order: the first and the last one bracket the page's refresh.
    QElapsedTimer refreshTimer;
    double refreshed = 0;
    QObject::connect(&model, &DashboardModel::changed, [&] { refreshTimer.start(); });
    DashboardPage page(&model);
    QObject::connect(&model, &DashboardModel::changed,
                     [&] { refreshed = double(refreshTimer.nsecsElapsed()) / 1e6; });
    page.resize(1280, 800);
    page.show();
    if (!QTest::qWaitForWindowExposed(&page))
        std::fprintf(stderr, "the dashboard was never exposed: paint times mean nothing\n");
    PaintCounter paints;
    page.installEventFilter(&paints);
    QRandomGenerator random(7);
    std::vector<double> syncMs, workerMs, gatherMs, refreshMs, paintMs, frameMs;
    for (int s = 0; s < seconds; ++s) {
        // A second of fleet life: 500 nodes change their running allocations.
        for (int k = 0; k < 500; ++k) {
            const int i = int(random.bounded(nodeCount));
            feed.nodes()->upsert(makeNode(i, int(random.bounded(8))));
        }
        feed.nodes()->flush();
        QElapsedTimer timer;
        if (s % 5 == 0) { // now and then, the synchronous sample for comparison
            timer.start();
            model.sample(start.addSecs(s));
            syncMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        // What the 1 Hz timer does: gather on the GUI thread, compute on the worker, then apply
        // and refresh on the GUI thread.
        timer.start();
        model.sampleInBackground(start.addSecs(s));
        const double gathered = double(timer.nsecsElapsed()) / 1e6;
        while (model.isComputing())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        workerMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        timer.start();
        page.repaint();
        const double painted = double(timer.nsecsElapsed()) / 1e6;
        gatherMs.push_back(gathered);
        refreshMs.push_back(refreshed);
        paintMs.push_back(painted);
        frameMs.push_back(gathered + refreshed + painted);
    }
    std::printf("| %d nodes, %d jobs, %d updates | %7.2f | %7.2f | %6.2f | %6.2f | %6.2f | "
                "%6.2f | %6.2f | %6.2f | %d |\n",
                nodeCount, jobCount, seconds, percentile(syncMs, 0.5), percentile(workerMs, 0.5),
                percentile(gatherMs, 0.5), percentile(refreshMs, 0.5), percentile(paintMs, 0.5),
                percentile(frameMs, 0.5), percentile(frameMs, 0.9),
                *std::max_element(frameMs.begin(), frameMs.end()), paints.paints);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTemporaryDir settingsDir; // header state of the bench's views stays out of the user's
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    const int nodeCount = argc > 1 ? std::atoi(argv[1]) : 5000;
    const int jobCount = argc > 2 ? std::atoi(argv[2]) : 50000;
    const int batches = argc > 3 ? std::atoi(argv[3]) : 20;
    const QStringList parts =
        QString::fromLocal8Bit(argc > 4 ? argv[4] : "rss,table,dashboard").split(QLatin1Char(','));

    if (parts.contains(QLatin1String("rss"))) {
        const double before = rssMiB();
        ControlPlaneClient client;
        auto feed = std::make_unique<FleetFeed>(&client);
        QList<QJsonObject> nodes, jobs;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < nodeCount; ++i)
            nodes.append(makeNode(i, i % 7));
        for (int i = 0; i < jobCount; ++i)
            jobs.append(makeJob(i, i % 3, now));
        feed->applyLists(nodes, jobs);
        feed->nodes()->flush();
        feed->jobs()->flush();
        nodes.clear();
        jobs.clear();
        const double after = rssMiB();
        std::printf("RSS: %.1f MiB before, %.1f MiB with %d nodes and %d jobs in the models: "
                    "+%.1f MiB\n\n",
                    before, after, nodeCount, jobCount, after - before);
    }

    if (parts.contains(QLatin1String("mixed"))) // one set-up alone, for a profiler
        benchJobsTable(Setup::LiveSortProxy, QStringLiteral("status"), true, jobCount, batches);
    if (parts.contains(QLatin1String("live"))) { // LiveTableView's three rows alone
        benchJobsTable(Setup::LiveSortProxy, QStringLiteral("status"), false, jobCount, batches);
        benchJobsTable(Setup::LiveSortProxy, QStringLiteral("duration"), false, jobCount, batches);
        benchJobsTable(Setup::LiveSortProxy, QStringLiteral("status"), true, jobCount, batches);
    }
    if (parts.contains(QLatin1String("table"))) {
        std::printf("Jobs table, %d jobs, %d batches of %d changes (times in ms)\n\n", jobCount,
                    batches, kBatch);
        std::printf("| set-up | sorted by | batch | idle repaint p50 | queue p50 | flush p50 | "
                    "paint p50 | batch to "
                    "repainted p50 | p90 | max | signals (last batch) | signals/batch (mean) | "
                    "selection kept | paint events |\n");
        std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        benchJobsTable(Setup::Unsorted, {}, false, jobCount, batches);
        for (const QString &key : {QStringLiteral("status"), QStringLiteral("duration")}) {
            benchJobsTable(Setup::PlainProxy, key, false, jobCount, std::min(batches, 5));
            benchJobsTable(Setup::LiveSortTree, key, false, jobCount, batches);
            benchJobsTable(Setup::LiveSortProxy, key, false, jobCount, batches);
        }
        benchJobsTable(Setup::Unsorted, {}, true, jobCount, batches);
        benchJobsTable(Setup::PlainProxy, QStringLiteral("status"), true, jobCount,
                       std::min(batches, 5));
        benchJobsTable(Setup::LiveSortProxy, QStringLiteral("status"), true, jobCount, batches);
    }
    if (!parts.contains(QLatin1String("dashboard")))
        return 0;

    std::printf("\nDashboard, one update per simulated second (times in ms)\n\n");
    std::printf("| fleet | sample() on the GUI thread p50 | background sample, wall p50 | GUI: "
                "gather p50 | GUI: apply+refresh p50 | GUI: repaint p50 | GUI frame p50 | "
                "p90 | max | paint events |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    benchDashboard(nodeCount, 0, 30);
    benchDashboard(nodeCount, jobCount, 30);
    return 0;
}
