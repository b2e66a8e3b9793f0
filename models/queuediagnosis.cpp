#include "queuediagnosis.h"

#include "fleetformat.h"
#include "resourceclass.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <algorithm>

namespace gantry {

namespace {

struct Box
{
    int cpu = 0;
    int memoryMb = 0;
};

struct NodeInfo
{
    QString id;
    QString name;
    QString status;
    bool eligible = true;
    bool draining = false;
    int runningAllocs = 0;
    Box capacity;
    Box allocatable;
    Box free;
};

struct Queued
{
    QString id;
    QString resourceClass;
    int parallelism = 1;
    QDateTime submittedAt;
};

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

Box box(const QJsonObject &o)
{
    return {o.value(QLatin1String("cpu")).toInt(), o.value(QLatin1String("memory_mb")).toInt()};
}

NodeInfo nodeInfo(const QJsonObject &o)
{
    NodeInfo n;
    n.id = str(o, "id");
    n.name = str(o, "name").isEmpty() ? n.id : str(o, "name");
    n.status = str(o, "status");
    n.eligible = str(o, "eligibility") != QLatin1String("ineligible");
    n.draining = o.value(QLatin1String("drain")).toBool();
    n.runningAllocs = o.value(QLatin1String("running_allocs")).toInt();
    n.capacity = box(o.value(QLatin1String("resources")).toObject());
    const Box reserved = box(o.value(QLatin1String("reserved")).toObject());
    n.allocatable = {n.capacity.cpu - reserved.cpu, n.capacity.memoryMb - reserved.memoryMb};
    const Box used = box(o.value(QLatin1String("allocated")).toObject());
    n.free = {n.allocatable.cpu - used.cpu, n.allocatable.memoryMb - used.memoryMb};
    return n;
}

bool usable(const NodeInfo &n)
{
    return n.status == QLatin1String("ready") && n.eligible && !n.draining;
}

bool fits(const Box &need, const Box &room)
{
    return need.cpu <= room.cpu && need.memoryMb <= room.memoryMb;
}

// First fit, largest first: what an admin's bin-packing scheduler would also do. With `open`, a
// demand that fits nowhere opens a new bin of that shape (sizing the capacity to add). Returns the
// demands that found no room. Bins only shrink, so for each demand size the first bin that may
// still fit it only moves right: remembering it keeps 16,000 demands on 5,000 nodes linear.
QList<std::pair<QString, Box>> place(QList<std::pair<QString, Box>> demands, QList<Box> &bins,
                                     const Box *open = nullptr)
{
    std::stable_sort(demands.begin(), demands.end(), [](const auto &a, const auto &b) {
        return std::pair(a.second.cpu, a.second.memoryMb) >
               std::pair(b.second.cpu, b.second.memoryMb);
    });
    QHash<std::pair<int, int>, qsizetype> firstCandidate;
    QList<std::pair<QString, Box>> left;
    for (const auto &[job, need] : demands) {
        qsizetype &start = firstCandidate[std::pair(need.cpu, need.memoryMb)];
        while (start < bins.size() && !fits(need, bins[start]))
            ++start;
        if (start == bins.size()) {
            if (!open || !fits(need, *open)) {
                left.append({job, need});
                continue;
            }
            bins.append(*open);
        }
        Box &bin = bins[start];
        bin.cpu -= need.cpu;
        bin.memoryMb -= need.memoryMb;
    }
    return left;
}

QString nodeState(const NodeInfo &n)
{
    if (n.draining)
        return n.runningAllocs > 0 ? QueueDiagnosis::tr("%1 is draining (%n allocation(s) left)",
                                                        nullptr, n.runningAllocs)
                                         .arg(n.name)
                                   : QueueDiagnosis::tr("%1 is drained").arg(n.name);
    if (n.status != QLatin1String("ready"))
        return QueueDiagnosis::tr("%1 is %2").arg(n.name, FleetFormat::state(n.status));
    return QueueDiagnosis::tr("%1 is ineligible").arg(n.name);
}

QString listSome(const QStringList &items)
{
    constexpr int kShown = 4;
    if (items.size() <= kShown)
        return items.join(QStringLiteral(", "));
    return QueueDiagnosis::tr("%1 and %n more", nullptr, int(items.size()) - kShown)
        .arg(items.mid(0, kShown).join(QStringLiteral(", ")));
}

} // namespace

QList<QJsonObject> QueueDiagnosis::waitingForCapacity(const QList<QJsonObject> &jobs, int *onHold,
                                                      int *upstream)
{
    // Pending, not held for approval, not waiting for a required job of the same workflow run
    // that has not succeeded yet.
    QSet<QString> runsWithPending;
    for (const QJsonObject &j : jobs)
        if (str(j, "status") == QLatin1String("pending"))
            runsWithPending.insert(str(j, "workflow_run_id"));
    QHash<QString, QHash<QString, bool>> succeeded; // run → job name → succeeded
    for (const QJsonObject &j : jobs)
        if (runsWithPending.contains(str(j, "workflow_run_id")))
            succeeded[str(j, "workflow_run_id")].insert(
                str(j, "name"), str(j, "status") == QLatin1String("dead") &&
                                    str(j, "outcome") == QLatin1String("success"));
    QList<QJsonObject> waiting;
    int held = 0, blockedCount = 0;
    for (const QJsonObject &j : jobs) {
        if (str(j, "status") != QLatin1String("pending"))
            continue;
        if (j.value(QLatin1String("on_hold")).toBool()) {
            ++held;
            continue;
        }
        const auto &run = succeeded[str(j, "workflow_run_id")];
        bool blocked = false;
        for (const QJsonValue &r : j.value(QLatin1String("requires")).toArray())
            blocked |= run.contains(r.toString()) && !run.value(r.toString());
        if (blocked)
            ++blockedCount;
        else
            waiting.append(j);
    }
    if (onHold)
        *onHold = held;
    if (upstream)
        *upstream = blockedCount;
    return waiting;
}

QList<QueueFinding> QueueDiagnosis::diagnose(const QList<QJsonObject> &nodeRecords,
                                             const QList<QJsonObject> &jobs, const QDateTime &now)
{
    int onHold = 0, upstream = 0;
    const QList<QJsonObject> candidates = waitingForCapacity(jobs, &onHold, &upstream);
    QList<Queued> queued;
    for (const QJsonObject &j : candidates)
        queued.append({str(j, "id"), str(j, "resource_class"),
                       std::max(1, j.value(QLatin1String("parallelism")).toInt(1)),
                       FleetFormat::parseTime(j.value(QLatin1String("submitted_at")))});

    if (queued.isEmpty()) {
        QueueFinding f;
        f.text = tr("No job is waiting for capacity.");
        if (onHold > 0)
            f.text += QLatin1Char(' ') + tr("%n job(s) wait for approval.", nullptr, onHold);
        if (upstream > 0)
            f.text += QLatin1Char(' ') +
                      tr("%n job(s) wait for the jobs they require to finish.", nullptr, upstream);
        return {f};
    }

    QList<NodeInfo> nodes;
    for (const QJsonObject &o : nodeRecords)
        nodes.append(nodeInfo(o));
    QStringList queuedIds;
    for (const Queued &q : queued)
        queuedIds.append(q.id);

    QList<QueueFinding> findings;
    if (nodes.isEmpty()) {
        QueueFinding f;
        f.kind = QueueFinding::Kind::NoNodes;
        f.jobIds = queuedIds;
        f.text = tr("%n job(s) are queued and the fleet has no nodes: add nodes.", nullptr,
                    int(queued.size()));
        return {f};
    }

    // What no node could ever fit, whatever its state.
    QMap<QString, QStringList> noFit; // resource class → job ids
    QList<std::pair<QString, Box>> demands;
    Box largest;
    for (const NodeInfo &n : nodes) {
        largest.cpu = std::max(largest.cpu, n.allocatable.cpu);
        largest.memoryMb = std::max(largest.memoryMb, n.allocatable.memoryMb);
    }
    for (const Queued &q : queued) {
        const auto rc = ResourceClass::find(q.resourceClass);
        const Box need = rc ? Box{rc->cpu, rc->memoryMb} : Box{};
        const bool anyFits = rc && std::any_of(nodes.begin(), nodes.end(), [&](const NodeInfo &n) {
                                 return fits(need, n.allocatable);
                             });
        if (!anyFits) {
            noFit[q.resourceClass].append(q.id);
            continue;
        }
        for (int i = 0; i < q.parallelism; ++i)
            demands.append({q.id, need});
    }
    for (auto it = noFit.cbegin(); it != noFit.cend(); ++it) {
        QueueFinding f;
        f.kind = QueueFinding::Kind::NoFit;
        f.jobIds = it.value();
        const auto rc = ResourceClass::find(it.key());
        f.text = rc ? tr("%n job(s) ask for resource class %1 (%2 CPUs, %3), which no node can "
                         "fit: the largest node offers %4 CPUs and %5. Add larger nodes or "
                         "change the jobs' resource_class.",
                         nullptr, int(it.value().size()))
                          .arg(it.key())
                          .arg(rc->cpu)
                          .arg(FleetFormat::memory(rc->memoryMb))
                          .arg(largest.cpu)
                          .arg(FleetFormat::memory(largest.memoryMb))
                    : tr("%n job(s) ask for resource class \"%1\", which gantryd does not know.",
                         nullptr, int(it.value().size()))
                          .arg(it.key());
        findings.append(f);
    }
    if (demands.isEmpty())
        return findings;

    QStringList unavailableIds, unavailableText;
    QList<Box> bins;
    for (const NodeInfo &n : nodes) {
        if (usable(n)) {
            bins.append(n.free);
        } else {
            unavailableIds.append(n.id);
            unavailableText.append(nodeState(n));
        }
    }
    if (!unavailableIds.isEmpty()) {
        QueueFinding f;
        f.kind = QueueFinding::Kind::NodesUnavailable;
        f.nodeIds = unavailableIds;
        f.jobIds = queuedIds;
        f.text = bins.isEmpty()
                     ? tr("No node takes new work: %1. Undrain them, make them eligible or bring "
                          "them back up.")
                           .arg(listSome(unavailableText))
                     : tr("%n node(s) take no new work while jobs queue: %1.", nullptr,
                          int(unavailableIds.size()))
                           .arg(listSome(unavailableText));
        findings.append(f);
    }

    const QList<std::pair<QString, Box>> left = place(demands, bins);
    if (left.isEmpty()) {
        QDateTime oldest;
        for (const Queued &q : queued)
            if (q.submittedAt.isValid() && (!oldest.isValid() || q.submittedAt < oldest))
                oldest = q.submittedAt;
        const double waited = oldest.isValid() ? oldest.msecsTo(now) / 1000.0 : 0;
        QueueFinding f;
        f.jobIds = queuedIds;
        if (waited >= kLagSeconds) {
            f.kind = QueueFinding::Kind::SchedulerLag;
            f.text = tr("Eligible nodes have room for every queued job, yet %n job(s) wait (the "
                        "oldest for %1). gantryd's scheduler places jobs within seconds: if they "
                        "stay, look at gantryd's log.",
                        nullptr, int(queued.size()))
                         .arg(FleetFormat::duration(waited));
        } else {
            f.kind = QueueFinding::Kind::Healthy;
            f.text =
                tr("%n job(s) are being placed on nodes with room.", nullptr, int(queued.size()));
        }
        findings.append(f);
        return findings;
    }

    // Every eligible node is full: size new nodes like the most common node of the fleet.
    QHash<QString, int> shapes;
    const NodeInfo *shape = &nodes.first();
    int best = 0;
    for (const NodeInfo &n : nodes) {
        const QString key =
            QStringLiteral("%1/%2").arg(n.allocatable.cpu).arg(n.allocatable.memoryMb);
        const int count = ++shapes[key];
        const bool fitsAll = std::all_of(
            left.begin(), left.end(), [&](const auto &d) { return fits(d.second, n.allocatable); });
        if (fitsAll && count > best) {
            best = count;
            shape = &n;
        }
    }
    if (best == 0) { // no common shape fits everything: the largest node then
        for (const NodeInfo &n : nodes)
            if (std::pair(n.allocatable.cpu, n.allocatable.memoryMb) >
                std::pair(shape->allocatable.cpu, shape->allocatable.memoryMb))
                shape = &n;
    }
    QList<Box> fresh;
    place(left, fresh, &shape->allocatable);
    QueueFinding f;
    f.kind = QueueFinding::Kind::Full;
    Box waiting;
    QStringList waitingJobs;
    for (const auto &[job, need] : left) {
        waiting.cpu += need.cpu;
        waiting.memoryMb += need.memoryMb;
        waitingJobs.append(job);
    }
    waitingJobs.removeDuplicates();
    f.jobIds = waitingJobs;
    for (const NodeInfo &n : nodes)
        if (usable(n))
            f.nodeIds.append(n.id);
    f.nodesToAdd = int(fresh.size());
    f.nodeCpu = shape->capacity.cpu;
    f.nodeMemoryMb = shape->capacity.memoryMb;
    const QString sentence = f.nodeIds.isEmpty() ? tr("No eligible node is left to run the queue.")
                                                 : tr("Every eligible node is full.");
    f.text = sentence + QLatin1Char(' ') +
             tr("%n job(s) wait for %1 CPUs and %2.", nullptr, int(waitingJobs.size()))
                 .arg(waiting.cpu)
                 .arg(FleetFormat::memory(waiting.memoryMb)) +
             QLatin1Char(' ') +
             tr("Add %n node(s) of %1 CPUs and %2 to run them now.", nullptr, f.nodesToAdd)
                 .arg(f.nodeCpu)
                 .arg(FleetFormat::memory(f.nodeMemoryMb));
    findings.append(f);
    return findings;
}

} // namespace gantry
