// Audit-shaped generated events for the bench_audit_* benchmarks: the guide's fields, 28
// actions, 500 actors and 2,000 targets with word-like names, a small payload, one event every
// 100 ms on average from 2023-11-14.
#pragma once

#include "protocol/auditevent.h"

#include <QRandomGenerator>
#include <QStringList>
#include <QUuid>

namespace gantry::bench {

inline const QStringList &benchActions()
{
    static const QStringList actions{"context.create",
                                     "context.delete",
                                     "context.env_var.delete",
                                     "context.env_var.store",
                                     "project.env_var.create",
                                     "project.env_var.delete",
                                     "project.settings.update",
                                     "user.create",
                                     "user.logged_in",
                                     "user.logged_out",
                                     "workflow.job.approve",
                                     "workflow.job.finish",
                                     "workflow.job.scheduled",
                                     "workflow.job.start",
                                     "settings.update",
                                     "settings.rollback",
                                     "node.drain.enable",
                                     "node.drain.disable",
                                     "node.eligibility.update",
                                     "node.create",
                                     "node.delete",
                                     "workflow.job.cancel",
                                     "user.role.update",
                                     "audit_log.export",
                                     "audit_log.import",
                                     "audit_log.view",
                                     "backup.create",
                                     "backup.restore"};
    return actions;
}

// Distinct pronounceable names: "kabeto", "rimasu", ... one word each for full-text search.
inline QString benchName(int i)
{
    static const char *syllables[] = {"ka", "be", "to", "ri", "ma", "su", "no", "le",
                                      "pi", "da", "ve", "gu", "zo", "fa", "hi", "wu"};
    return QString::fromLatin1(syllables[i % 16]) + syllables[(i / 16) % 16] +
           syllables[(i / 256) % 16] + "x";
}

constexpr qint64 kBenchStartNs = 1700000000LL * 1000000000LL;
constexpr qint64 kBenchStepNs = 100000000LL; // 100 ms

inline AuditEvent benchEvent(qint64 i, QRandomGenerator &random)
{
    AuditEvent e;
    e.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QStringList &actions = benchActions();
    e.action = actions[int(random.bounded(actions.size()))];
    const int actor = int(random.bounded(500));
    const int target = int(random.bounded(2000));
    e.actor = AuditEvent::entity("user", QString("u-%1").arg(actor), benchName(actor));
    e.target = AuditEvent::entity("project", QString("p-%1").arg(target), benchName(target + 700));
    e.scope = AuditEvent::entity("account", "a-1", "acme");
    e.request = {{"id", QString("req-%1").arg(i)},
                 {"ip_address", "10.0.0.7"},
                 {"client_trace_id", QString("trace-%1").arg(i % 9973)}};
    e.payload = {{"job", QString("build-%1").arg(i % 5000)},
                 {"branch", i % 3 ? "main" : "release"},
                 {"duration_ms", int(random.bounded(600000))}};
    e.metadata = {{"source", "bench"}};
    e.occurredAtNs = kBenchStartNs + i * kBenchStepNs + qint64(random.bounded(50000000));
    e.success = random.bounded(10) != 0;
    return e;
}

} // namespace gantry::bench
