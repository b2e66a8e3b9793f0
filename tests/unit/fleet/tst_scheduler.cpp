#include "scheduler.h"

#include <QtTest>

using namespace gantry;

namespace {

Node makeNode(const QString &id, int cpu = 8, int memoryMb = 16384)
{
    Node node;
    node.id = id;
    node.name = id;
    node.resources = {cpu, memoryMb};
    node.reserved = {2, 4096};
    return node;
}

JobSubmission job(const QString &name, const QString &rc = QStringLiteral("medium"),
                  int parallelism = 1, const QStringList &required = {}, bool approval = false)
{
    JobSubmission js;
    js.name = name;
    js.resourceClass = rc;
    js.parallelism = parallelism;
    js.requiredJobs = required;
    js.approval = approval;
    return js;
}

WorkflowSubmission workflow(QList<JobSubmission> jobs, int priority = 50)
{
    WorkflowSubmission wf;
    wf.workflow = QStringLiteral("wf");
    wf.priority = priority;
    wf.jobs = std::move(jobs);
    return wf;
}

} // namespace

class TestScheduler final : public QObject
{
    Q_OBJECT

    QDateTime m_now;

    Scheduler makeScheduler(int nodes)
    {
        Scheduler s;
        m_now = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
        s.setClock([this] { return m_now; });
        for (int i = 1; i <= nodes; ++i)
            s.addNode(makeNode(QStringLiteral("n%1").arg(i)));
        return s;
    }

    static QString submitOne(Scheduler &s, const JobSubmission &js, int priority = 50)
    {
        const SchedulerResult r = s.submit(workflow({js}, priority));
        if (!r.ok())
            qWarning() << r.error->message;
        return r.jobIds.value(0);
    }

    static QString nodeOf(const Scheduler &s, const QString &jobId, int index = 0)
    {
        return s.jobAllocations(jobId).value(index).nodeId;
    }

    static void startAll(Scheduler &s, const QList<Placement> &placed)
    {
        for (const Placement &p : placed)
            QVERIFY(s.allocationStarted(p.allocationId).ok());
    }

private slots:
    void binPacking()
    {
        Scheduler s = makeScheduler(2); // 6 CPUs, 12 GB allocatable each
        const QString m = submitOne(s, job(QStringLiteral("m"), QStringLiteral("medium"), 3));
        QCOMPARE(s.schedule().size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(nodeOf(s, m, i), QStringLiteral("n1")); // best fit fills n1 first
        const QString l = submitOne(s, job(QStringLiteral("l"), QStringLiteral("large")));
        const QString md = submitOne(s, job(QStringLiteral("md"), QStringLiteral("medium")));
        QCOMPARE(s.schedule().size(), 2);
        QCOMPARE(nodeOf(s, l), QStringLiteral("n2"));
        QCOMPARE(nodeOf(s, md), QStringLiteral("n2"));
        const QString small = submitOne(s, job(QStringLiteral("s"), QStringLiteral("small")));
        QVERIFY(s.schedule().isEmpty());
        QCOMPARE(s.queuedAllocations(), 1);
        QCOMPARE(s.job(small)->status, JobStatus::Pending);
        const Allocation first = s.jobAllocations(m).first();
        QVERIFY(s.allocationStarted(first.id).ok());
        QCOMPARE(s.node(QStringLiteral("n1"))->runningAllocs, 1);
        QCOMPARE(s.job(m)->status, JobStatus::Running);
        QVERIFY(s.allocationFinished(first.id, ClientStatus::Complete, 0).ok());
        QCOMPARE(s.node(QStringLiteral("n1"))->runningAllocs, 0);
        const QList<Placement> placed = s.schedule();
        QCOMPARE(placed.size(), 1);
        QCOMPARE(placed[0].jobId, small);
        QCOMPARE(placed[0].nodeId, QStringLiteral("n1"));
    }

    void memoryCounts()
    {
        Scheduler s = makeScheduler(0);
        s.addNode(makeNode(QStringLiteral("wide"), 20, 8192)); // 18 CPUs but only 4 GB
        s.addNode(makeNode(QStringLiteral("deep"), 4, 40960)); // 2 CPUs, 36 GB
        const QString a = submitOne(s, job(QStringLiteral("a"), QStringLiteral("medium"), 2));
        QCOMPARE(s.schedule().size(), 2);
        QCOMPARE(nodeOf(s, a, 0), QStringLiteral("deep"));
        QCOMPARE(nodeOf(s, a, 1), QStringLiteral("wide"));
        QVERIFY(s.neverFitsReason(*ResourceClass::find(QStringLiteral("large"))));
    }

    void priorityThenSubmitOrder()
    {
        Scheduler s = makeScheduler(1); // room for two medium+ (3 CPUs)
        const QString low = submitOne(s, job(QStringLiteral("low"), QStringLiteral("medium+")), 50);
        const QString high1 =
            submitOne(s, job(QStringLiteral("h1"), QStringLiteral("medium+")), 80);
        const QString high2 =
            submitOne(s, job(QStringLiteral("h2"), QStringLiteral("medium+")), 80);
        const QString low2 =
            submitOne(s, job(QStringLiteral("low2"), QStringLiteral("medium+")), 50);
        const QList<Placement> placed = s.schedule();
        QCOMPARE(placed.size(), 2);
        QCOMPARE(placed[0].jobId, high1);
        QCOMPARE(placed[1].jobId, high2);
        s.allocationFinished(placed[0].allocationId, ClientStatus::Complete, 0);
        const QList<Placement> next = s.schedule();
        QCOMPARE(next.size(), 1);
        QCOMPARE(next[0].jobId, low);
        QCOMPARE(s.job(low2)->status, JobStatus::Pending);
    }

    void smallerJobsBackfill()
    {
        Scheduler s = makeScheduler(1);
        submitOne(s, job(QStringLiteral("l"), QStringLiteral("large")));
        s.schedule();
        const QString big = submitOne(s, job(QStringLiteral("big"), QStringLiteral("large")));
        const QString small = submitOne(s, job(QStringLiteral("small"), QStringLiteral("small")));
        const QList<Placement> placed = s.schedule();
        QCOMPARE(placed.size(), 1);
        QCOMPARE(placed[0].jobId, small);
        QCOMPARE(s.job(big)->status, JobStatus::Pending);
    }

    void neverFitsRejected()
    {
        Scheduler s = makeScheduler(2);
        const SchedulerResult r =
            s.submit(workflow({job(QStringLiteral("ok")), job(QStringLiteral("huge"), "xlarge")}));
        QVERIFY(!r.ok());
        QCOMPARE(r.error->kind, SchedulerError::Kind::Invalid);
        QVERIFY2(r.error->message.contains(QStringLiteral("job 'huge' can never run")),
                 qPrintable(r.error->message));
        QVERIFY(r.error->message.contains(QStringLiteral("6 CPUs")));
        QVERIFY(s.jobs().isEmpty());
        QVERIFY(!s.neverFitsReason(*ResourceClass::find(QStringLiteral("large"))));
        s.addNode(makeNode(QStringLiteral("big"), 16, 32768));
        QVERIFY(!s.neverFitsReason(*ResourceClass::find(QStringLiteral("xlarge"))));
    }

    void invalidSubmissions()
    {
        Scheduler s = makeScheduler(1);
        QVERIFY(!s.submit(workflow({job("a", "medium", 1, {"zz"})})).ok());
        const SchedulerResult cycle =
            s.submit(workflow({job("a", "medium", 1, {"b"}), job("b", "medium", 1, {"a"})}));
        QVERIFY(!cycle.ok());
        QVERIFY(cycle.error->message.contains(QStringLiteral("cycle")));
        QVERIFY(!s.submit(workflow({job("a", "tiny")})).ok());
    }

    void parallelism()
    {
        Scheduler s = makeScheduler(3);
        const QString j = submitOne(s, job(QStringLiteral("p"), QStringLiteral("small"), 4));
        const QList<Allocation> allocs = s.jobAllocations(j);
        QCOMPARE(allocs.size(), 4);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(allocs[i].index, i);
        startAll(s, s.schedule());
        for (int i = 0; i < 3; ++i)
            s.allocationFinished(allocs[i].id, ClientStatus::Complete, 0);
        QCOMPARE(s.job(j)->status, JobStatus::Running);
        s.allocationFinished(allocs[3].id, ClientStatus::Failed, 2);
        QCOMPARE(s.job(j)->status, JobStatus::Dead);
        QCOMPARE(s.job(j)->outcome, JobOutcome::Failed);
        QCOMPARE(s.allocation(allocs[3].id)->exitCode, 2);
    }

    void drainWithoutDeadline()
    {
        Scheduler s = makeScheduler(2);
        const QString a = submitOne(s, job(QStringLiteral("a")));
        startAll(s, s.schedule());
        QCOMPARE(nodeOf(s, a), QStringLiteral("n1"));
        const SchedulerResult r = s.drainNode(QStringLiteral("n1"), 0);
        QVERIFY(r.ok());
        QVERIFY(r.stopAllocations.isEmpty());
        QVERIFY(s.node(QStringLiteral("n1"))->drain);
        QCOMPARE(s.node(QStringLiteral("n1"))->eligibility, NodeEligibility::Ineligible);
        QVERIFY(!s.nextDrainDeadline());
        const QString b = submitOne(s, job(QStringLiteral("b")));
        s.schedule();
        QCOMPARE(nodeOf(s, b), QStringLiteral("n2"));
        QCOMPARE(s.job(a)->status, JobStatus::Running);
        QVERIFY(s.undrainNode(QStringLiteral("n1")).ok());
        QVERIFY(!s.node(QStringLiteral("n1"))->drain);
        const QString c = submitOne(s, job(QStringLiteral("c"), QStringLiteral("large")));
        s.schedule();
        QCOMPARE(nodeOf(s, c), QStringLiteral("n1"));
        QCOMPARE(s.drainNode(QStringLiteral("nope"), 0).error->kind,
                 SchedulerError::Kind::NotFound);
    }

    void drainDeadline()
    {
        Scheduler s = makeScheduler(2);
        const QString a = submitOne(s, job(QStringLiteral("a")));
        startAll(s, s.schedule());
        QVERIFY(s.drainNode(QStringLiteral("n1"), 60).ok());
        QCOMPARE(*s.nextDrainDeadline(), m_now.addSecs(60));
        m_now = m_now.addSecs(30);
        QVERIFY(s.expireDrainDeadlines().stopAllocations.isEmpty());
        QCOMPARE(s.job(a)->status, JobStatus::Running);
        m_now = m_now.addSecs(31);
        const SchedulerResult r = s.expireDrainDeadlines();
        QCOMPARE(r.stopAllocations.size(), 1);
        const Allocation alloc = *s.allocation(r.stopAllocations[0]);
        QCOMPARE(alloc.clientStatus, ClientStatus::Lost);
        QVERIFY(alloc.clientDescription.contains(QStringLiteral("drain deadline")));
        QCOMPARE(s.job(a)->status, JobStatus::Dead);
        QCOMPARE(s.job(a)->outcome, JobOutcome::Lost);
        QCOMPARE(s.node(QStringLiteral("n1"))->runningAllocs, 0);
        QVERIFY(!s.nextDrainDeadline());
        // The process's own report afterwards changes nothing.
        QVERIFY(s.allocationFinished(alloc.id, ClientStatus::Failed, 143).ok());
        QCOMPARE(s.allocation(alloc.id)->clientStatus, ClientStatus::Lost);
    }

    void drainForce()
    {
        Scheduler s = makeScheduler(1);
        const QString a = submitOne(s, job(QStringLiteral("a"), QStringLiteral("small"), 2));
        startAll(s, s.schedule());
        const SchedulerResult r = s.drainNode(QStringLiteral("n1"), -1);
        QCOMPARE(r.stopAllocations.size(), 2);
        QCOMPARE(s.job(a)->outcome, JobOutcome::Lost);
        const QString b = submitOne(s, job(QStringLiteral("b"), QStringLiteral("small")));
        QVERIFY(s.schedule().isEmpty());
        QCOMPARE(s.job(b)->status, JobStatus::Pending);
    }

    void eligibility()
    {
        Scheduler s = makeScheduler(2);
        QVERIFY(s.setEligibility(QStringLiteral("n1"), NodeEligibility::Ineligible).ok());
        const QString a = submitOne(s, job(QStringLiteral("a")));
        s.schedule();
        QCOMPARE(nodeOf(s, a), QStringLiteral("n2"));
        s.drainNode(QStringLiteral("n2"), 0);
        const SchedulerResult r = s.setEligibility(QStringLiteral("n2"), NodeEligibility::Eligible);
        QCOMPARE(r.error->kind, SchedulerError::Kind::Conflict);
        QVERIFY(r.error->message.contains(QStringLiteral("while it is draining")));
        QVERIFY(s.setEligibility(QStringLiteral("n1"), NodeEligibility::Eligible).ok());
        const QString b = submitOne(s, job(QStringLiteral("b")));
        s.schedule();
        QCOMPARE(nodeOf(s, b), QStringLiteral("n1"));
    }

    void approvalHold()
    {
        Scheduler s = makeScheduler(1);
        const SchedulerResult r =
            s.submit(workflow({job("build"), job("hold", {}, 1, {"build"}, true),
                               job("deploy", "small", 1, {"hold"})}));
        QVERIFY(r.ok());
        const QString build = r.jobIds[0], hold = r.jobIds[1], deploy = r.jobIds[2];
        QCOMPARE(s.job(hold)->type, QStringLiteral("approval"));
        QVERIFY(!s.job(hold)->onHold); // still waiting for build
        QCOMPARE(s.approve(hold).error->kind, SchedulerError::Kind::Conflict);
        QVERIFY(s.jobAllocations(deploy).isEmpty());
        const QList<Placement> placed = s.schedule();
        QCOMPARE(placed.size(), 1);
        startAll(s, placed);
        s.allocationFinished(placed[0].allocationId, ClientStatus::Complete, 0);
        QCOMPARE(s.job(build)->outcome, JobOutcome::Success);
        QVERIFY(s.job(hold)->onHold);
        QCOMPARE(s.job(hold)->status, JobStatus::Pending);
        QVERIFY(s.schedule().isEmpty());
        QCOMPARE(s.approve(build).error->kind, SchedulerError::Kind::Invalid);
        QVERIFY(s.approve(hold).ok());
        QCOMPARE(s.job(hold)->status, JobStatus::Dead);
        QCOMPARE(s.job(hold)->outcome, JobOutcome::Success);
        QVERIFY(!s.job(hold)->onHold);
        QCOMPARE(s.schedule().size(), 1);
        QCOMPARE(s.approve(hold).error->kind, SchedulerError::Kind::Conflict);
    }

    void requiredFailureCancels()
    {
        Scheduler s = makeScheduler(1);
        const SchedulerResult r = s.submit(workflow(
            {job("a"), job("b", "medium", 1, {"a"}), job("c", "medium", 1, {"b"}), job("other")}));
        const QList<Placement> placed = s.schedule();
        QCOMPARE(placed.size(), 2); // a and other
        startAll(s, placed);
        s.allocationFinished(s.jobAllocations(r.jobIds[0]).first().id, ClientStatus::Failed, 1);
        QCOMPARE(s.job(r.jobIds[0])->outcome, JobOutcome::Failed);
        QCOMPARE(s.job(r.jobIds[1])->status, JobStatus::Dead);
        QCOMPARE(s.job(r.jobIds[1])->outcome, JobOutcome::Canceled);
        QCOMPARE(s.job(r.jobIds[1])->statusDescription, QStringLiteral("required job 'a' failed"));
        QCOMPARE(s.job(r.jobIds[2])->outcome, JobOutcome::Canceled);
        QCOMPARE(s.job(r.jobIds[2])->statusDescription,
                 QStringLiteral("required job 'b' was canceled"));
        QCOMPARE(s.job(r.jobIds[3])->status, JobStatus::Running);
        QVERIFY(s.jobAllocations(r.jobIds[1]).isEmpty());
    }

    void cancelJob()
    {
        Scheduler s = makeScheduler(1); // room for 3 of 4 medium slices
        const QString j = submitOne(s, job(QStringLiteral("j"), QStringLiteral("medium"), 4));
        startAll(s, s.schedule());
        QCOMPARE(s.queuedAllocations(), 1);
        const SchedulerResult r = s.cancelJob(j, QStringLiteral("canceled by admin"));
        QVERIFY(r.ok());
        QCOMPARE(r.stopAllocations.size(), 3);
        QCOMPARE(s.queuedAllocations(), 0);
        QCOMPARE(s.job(j)->outcome, JobOutcome::Canceled);
        QCOMPARE(s.job(j)->statusDescription, QStringLiteral("canceled by admin"));
        QCOMPARE(s.jobAllocations(j)[3].clientStatus, ClientStatus::Complete);
        QCOMPARE(s.jobAllocations(j)[0].clientStatus, ClientStatus::Failed);
        QCOMPARE(s.node(QStringLiteral("n1"))->runningAllocs, 0);
        QCOMPARE(s.cancelJob(j).error->kind, SchedulerError::Kind::Conflict);
        QCOMPARE(s.cancelJob(QStringLiteral("x")).error->kind, SchedulerError::Kind::NotFound);
    }

    void queueTimes()
    {
        Scheduler s = makeScheduler(1);
        const QString j = submitOne(s, job(QStringLiteral("j")));
        m_now = m_now.addSecs(5);
        startAll(s, s.schedule());
        QCOMPARE(s.job(j)->queueSeconds, 5.0);
        QCOMPARE(s.job(j)->startedAt, m_now);
    }

    void removeNode()
    {
        Scheduler s = makeScheduler(1);
        s.addNode(makeNode(QStringLiteral("big"), 16, 32768));
        QCOMPARE(s.addNode(makeNode(QStringLiteral("big"))).error->kind,
                 SchedulerError::Kind::Conflict);
        QCOMPARE(s.removeNode(QStringLiteral("big")).error->kind, SchedulerError::Kind::Conflict);
        const QString x = submitOne(s, job(QStringLiteral("x"), QStringLiteral("xlarge"), 3));
        startAll(s, s.schedule());
        QCOMPARE(s.queuedAllocations(), 2);
        s.drainNode(QStringLiteral("big"), 0);
        QVERIFY(!s.removeNode(QStringLiteral("big")).ok()); // still runs one
        s.allocationFinished(s.jobAllocations(x).first().id, ClientStatus::Complete, 0);
        const SchedulerResult r = s.removeNode(QStringLiteral("big"));
        QVERIFY(r.ok());
        QVERIFY(!s.node(QStringLiteral("big")));
        QCOMPARE(s.nodes().size(), 1);
        QCOMPARE(s.job(x)->outcome, JobOutcome::Canceled);
        QVERIFY(s.job(x)->statusDescription.contains(QStringLiteral("can never run")));
        QCOMPARE(s.queuedAllocations(), 0);
        QVERIFY(s.addNode(makeNode(QStringLiteral("big"), 16, 32768)).ok());
    }

    void restoreMarksRunningLost()
    {
        Scheduler before = makeScheduler(1);
        const SchedulerResult r =
            before.submit(workflow({job("a", "large"), job("b", "large"),
                                    job("c", "small", 1, {"a"}), job("done", "small")}));
        const QList<Placement> placed = before.schedule(); // a and done
        QCOMPARE(placed.size(), 2);
        startAll(before, placed);
        before.allocationFinished(before.jobAllocations(r.jobIds[3]).first().id,
                                  ClientStatus::Complete, 0);
        QList<Allocation> allocs;
        for (const Job &j : before.jobs())
            allocs += before.jobAllocations(j.id);

        Scheduler after = makeScheduler(1);
        QVERIFY(after.restore(before.jobs(), allocs).ok());
        QCOMPARE(after.job(r.jobIds[0])->outcome, JobOutcome::Lost);
        QCOMPARE(after.jobAllocations(r.jobIds[0]).first().clientStatus, ClientStatus::Lost);
        QCOMPARE(after.job(r.jobIds[2])->outcome, JobOutcome::Canceled); // required a was lost
        QCOMPARE(after.job(r.jobIds[3])->outcome, JobOutcome::Success);
        QCOMPARE(after.queuedAllocations(), 1); // b waits again
        const QList<Placement> again = after.schedule();
        QCOMPARE(again.size(), 1);
        QCOMPARE(again[0].jobId, r.jobIds[1]);
    }

    void forgetDropsFinishedJobsOnly()
    {
        Scheduler s = makeScheduler(1); // 6 CPUs and 12 GB allocatable
        const QString done = submitOne(s, job(QStringLiteral("done"), QStringLiteral("small"), 2));
        startAll(s, s.schedule());
        for (const Allocation &a : s.jobAllocations(done))
            s.allocationFinished(a.id, ClientStatus::Complete, 0);
        const QString doneAlloc = s.jobAllocations(done).first().id;
        // p runs and f fails, so c (which requires both) is canceled while p still runs.
        const SchedulerResult wf = s.submit(
            workflow({job("p", "medium"), job("f", "small"), job("c", "small", 1, {"p", "f"})}));
        const QString p = wf.jobIds[0], f = wf.jobIds[1], c = wf.jobIds[2];
        startAll(s, s.schedule());
        s.allocationFinished(s.jobAllocations(f).first().id, ClientStatus::Failed, 1);
        QCOMPARE(s.job(c)->outcome, JobOutcome::Canceled);
        // Three medium slices: two fit next to p, the third waits.
        const QString q = submitOne(s, job(QStringLiteral("q"), QStringLiteral("medium"), 3));
        startAll(s, s.schedule());
        QCOMPARE(s.queuedAllocations(), 1);
        // An approval and the job behind it, both waiting.
        const SchedulerResult held =
            s.submit(workflow({job("gate", "small", 1, {}, true),
                               job("after", "small", 1, {QStringLiteral("gate")})}));
        const QString gate = held.jobIds[0], after = held.jobIds[1];

        QCOMPARE(s.forget({done, p, q, f, c, gate, after, done, QStringLiteral("nope")}),
                 (QStringList{done, f, c}));
        QVERIFY(!s.job(done));
        QVERIFY(!s.allocation(doneAlloc));
        QVERIFY(s.jobAllocations(f).isEmpty());
        QCOMPARE(s.jobs().size(), 4);
        QCOMPARE(s.jobs()[0].id, p);
        QCOMPARE(s.jobs()[1].id, q);
        QCOMPARE(s.nodeAllocations(QStringLiteral("n1")).size(), 3);
        QCOMPARE(s.jobCount(JobStatus::Dead), 0);
        // Changes not yet taken for what went are gone too (they would store it again).
        const SchedulerChanges changes = s.takeChanges();
        QCOMPARE(QSet<QString>(changes.jobs.begin(), changes.jobs.end()),
                 (QSet<QString>{p, q, gate, after}));
        QCOMPARE(changes.allocations.size(), 4); // p's and q's
        for (const QString &id : changes.allocations)
            QVERIFY(s.allocation(id));

        // What stays works on: p's end reaches only its own dependents, q's third slice is placed
        // where p was, the approval still releases the job behind it, and once everything ends
        // the node holds nothing.
        s.allocationFinished(s.jobAllocations(p).first().id, ClientStatus::Complete, 0);
        QCOMPARE(s.job(p)->outcome, JobOutcome::Success);
        QVERIFY(s.jobAllocations(after).isEmpty());
        const QList<Placement> next = s.schedule();
        QCOMPARE(next.size(), 1);
        QCOMPARE(next[0].jobId, q);
        QCOMPARE(next[0].allocationId, s.jobAllocations(q)[2].id);
        startAll(s, next);
        for (const Allocation &a : s.jobAllocations(q))
            s.allocationFinished(a.id, ClientStatus::Complete, 0);
        QCOMPARE(s.job(q)->outcome, JobOutcome::Success);
        QVERIFY(s.approve(gate).ok());
        const QList<Placement> last = s.schedule();
        QCOMPARE(last.size(), 1);
        QCOMPARE(last[0].jobId, after);
        startAll(s, last);
        s.allocationFinished(last[0].allocationId, ClientStatus::Complete, 0);
        QCOMPARE(*s.nodeAllocated(QStringLiteral("n1")), (NodeResources{0, 0}));
        QVERIFY(s.drainNode(QStringLiteral("n1"), 0).ok());
        QVERIFY(s.removeNode(QStringLiteral("n1")).ok()); // no allocation left active
        QCOMPARE(s.forget({p, q, gate, after}), (QStringList{p, q, gate, after}));
        QVERIFY(s.jobs().isEmpty());
        QCOMPARE(s.nodeAllocations(QStringLiteral("n1")).size(), 0);
    }

    void changes()
    {
        Scheduler s = makeScheduler(1);
        s.takeChanges();
        const QString j = submitOne(s, job(QStringLiteral("j")));
        s.schedule();
        const SchedulerChanges c = s.takeChanges();
        QCOMPARE(c.jobs, QStringList{j});
        QCOMPARE(c.allocations.size(), 1);
        QCOMPARE(c.nodes, QStringList{QStringLiteral("n1")});
        QVERIFY(s.takeChanges().isEmpty());
        QCOMPARE(s.jobCount(JobStatus::Pending), 1);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
