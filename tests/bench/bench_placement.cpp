// Placement benchmark (issue 6): 5,000 virtual nodes and 100,000 queued allocations of mixed
// resource classes. Each round places what fits (timed), then starts and finishes everything that
// was placed (timed separately), until the queue is empty. Prints placements per second.
//   bench_placement [nodes] [allocations]
#include "fleetspec.h"
#include "scheduler.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <cstdio>

using namespace gantry;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int nodeCount = args.size() > 1 ? args[1].toInt() : 5000;
    const int allocCount = args.size() > 2 ? args[2].toInt() : 100'000;

    Scheduler scheduler;
    const FleetSpec spec(nodeCount, 16, 32768);
    for (const Node &node : spec.nodes(QStringLiteral("/tmp/gantry-bench")))
        scheduler.addNode(node);

    // A realistic mix: mostly small and medium, some large, a few xlarge; parallelism 1-4.
    QRandomGenerator rng(42);
    const QStringList classes{"small",  "small",   "medium", "medium",
                              "medium", "medium+", "large",  "xlarge"};
    QElapsedTimer submitTimer;
    submitTimer.start();
    int submitted = 0;
    int run = 0;
    while (submitted < allocCount) {
        WorkflowSubmission wf;
        wf.workflow = QStringLiteral("bench");
        wf.priority = 50 + int(rng.bounded(3)) * 10;
        for (int j = 0; j < 4 && submitted < allocCount; ++j) {
            JobSubmission js;
            js.name = QStringLiteral("job%1").arg(j);
            js.resourceClass = classes[int(rng.bounded(classes.size()))];
            js.parallelism = std::min(1 + int(rng.bounded(4)), allocCount - submitted);
            submitted += js.parallelism;
            wf.jobs.append(js);
        }
        const SchedulerResult result = scheduler.submit(wf);
        if (!result.ok()) {
            std::printf("submit failed: %s\n", qPrintable(result.error->message));
            return 1;
        }
        ++run;
    }
    scheduler.takeChanges();
    const qint64 submitMs = submitTimer.elapsed();
    std::printf("nodes: %d (16 CPUs, 32 GB; 14 CPUs, 28 GB allocatable), queued allocations: %d in "
                "%d workflow runs (submitted in %lld ms)\n",
                nodeCount, scheduler.queuedAllocations(), run, static_cast<long long>(submitMs));

    qint64 placeNs = 0;
    qint64 churnNs = 0;
    qint64 placements = 0;
    int rounds = 0;
    QElapsedTimer timer;
    while (scheduler.queuedAllocations() > 0) {
        timer.start();
        const QList<Placement> placed = scheduler.schedule();
        placeNs += timer.nsecsElapsed();
        if (placed.isEmpty()) {
            std::printf("stuck with %d queued\n", scheduler.queuedAllocations());
            return 1;
        }
        placements += placed.size();
        ++rounds;
        timer.start();
        for (const Placement &p : placed) {
            scheduler.allocationStarted(p.allocationId);
            scheduler.allocationFinished(p.allocationId, ClientStatus::Complete, 0);
        }
        scheduler.takeChanges();
        churnNs += timer.nsecsElapsed();
    }
    const double placeSeconds = placeNs / 1e9;
    std::printf("placed %lld allocations in %d rounds: %.1f ms in schedule() = %.0f placements/s\n",
                static_cast<long long>(placements), rounds, placeSeconds * 1000,
                placements / placeSeconds);
    std::printf("with start+finish bookkeeping: %.1f ms total = %.0f allocations/s end to end\n",
                (placeNs + churnNs) / 1e6, placements / ((placeNs + churnNs) / 1e9));
    std::printf("goal: >= 20000 placements/s\n");
    return 0;
}
