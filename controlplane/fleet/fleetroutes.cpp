#include "fleetroutes.h"

#include "api/router.h"
#include "audit/auditsink.h"
#include "fleetservice.h"

#include <QJsonDocument>

namespace gantry {

namespace {

ApiResponse fromSchedulerError(const SchedulerError &e)
{
    switch (e.kind) {
    case SchedulerError::Kind::NotFound:
        return ApiResponse::error(404, QStringLiteral("not_found"), e.message);
    case SchedulerError::Kind::Conflict:
        return ApiResponse::error(409, QStringLiteral("conflict"), e.message);
    case SchedulerError::Kind::Invalid:
        break;
    }
    return ApiResponse::error(400, QStringLiteral("invalid_request"), e.message);
}

void audit(FleetService &service, const ApiRequest &request, const QString &action,
           const QJsonObject &target, const QJsonObject &payload, bool success)
{
    AuditEvent e = AuditEvent::make(action, request.identity.actor(), target, payload, success);
    e.request = request.auditRequest();
    service.audit().record(e);
}

// With the node's name when it is known, so the audit log can be searched by "local-1".
QJsonObject nodeTarget(const FleetService &service, const QString &id)
{
    const auto node = service.nodeObject(id);
    return AuditEvent::entity(QStringLiteral("node"), id,
                              node ? node->value(QStringLiteral("name")).toString() : QString());
}

ApiResponse nodeResponse(FleetService &service, const QString &id, int status = 200)
{
    const auto node = service.nodeObject(id);
    if (!node)
        return ApiResponse::error(404, QStringLiteral("not_found"),
                                  QStringLiteral("no node with id %1").arg(id));
    return ApiResponse::json(*node, status);
}

} // namespace

void FleetRoutes::install(Router &router) const
{
    FleetService &s = service;

    router.add("GET", QStringLiteral("/v1/nodes"), [&s](const ApiRequest &) {
        return ApiResponse{200, "application/json", s.nodesJson(), {}, {}};
    });

    router.add("GET", QStringLiteral("/v1/node/:id"), [&s](const ApiRequest &r) {
        const QString id = r.params.value(QStringLiteral("id"));
        auto node = s.nodeObject(id);
        if (!node)
            return ApiResponse::error(404, QStringLiteral("not_found"),
                                      QStringLiteral("no node with id %1").arg(id));
        node->insert("allocations", s.allocationsOnNode(id));
        return ApiResponse::json(*node);
    });

    router.add("POST", QStringLiteral("/v1/node/:id/drain"), [&s](const ApiRequest &r) {
        ApiResponse error;
        const auto body = r.jsonObject(&error, true);
        if (!body)
            return error;
        QList<FieldError> fields;
        if (!body->value("enable").isBool())
            fields.append({QStringLiteral("enable"), QStringLiteral("required: true or false")});
        const QJsonValue deadline = body->value("deadline_seconds");
        if (!deadline.isUndefined() && !deadline.isNull() &&
            (!deadline.isDouble() || deadline.toDouble() != double(deadline.toInteger()) ||
             deadline.toInteger() < -1))
            fields.append({QStringLiteral("deadline_seconds"),
                           QStringLiteral("a whole number of seconds: > 0 a deadline, 0 no "
                                          "deadline, -1 force (stop running allocations now)")});
        const QJsonValue ignore = body->value("ignore_system_jobs");
        if (!ignore.isUndefined() && !ignore.isBool())
            fields.append({QStringLiteral("ignore_system_jobs"), QStringLiteral("true or false")});
        if (!fields.isEmpty())
            return ApiResponse::error(400, QStringLiteral("validation_failed"),
                                      QStringLiteral("invalid drain request"), fields);
        const QString id = r.params.value(QStringLiteral("id"));
        const bool enable = body->value("enable").toBool();
        // As the nomad CLI: no deadline given means one hour.
        const qint64 seconds =
            deadline.isUndefined() || deadline.isNull() ? 3600 : deadline.toInteger();
        const SchedulerResult result =
            enable ? s.fleet().drainNode(id, seconds) : s.fleet().undrainNode(id);
        if (!s.nodeObject(id))
            return ApiResponse::error(404, QStringLiteral("not_found"),
                                      QStringLiteral("no node with id %1").arg(id));
        audit(s, r,
              enable ? QStringLiteral("node.drain.enable") : QStringLiteral("node.drain.disable"),
              nodeTarget(s, id),
              enable ? QJsonObject{{"deadline_seconds", seconds},
                                   {"stopped_allocations", result.stopAllocations.size()}}
                     : QJsonObject{},
              result.ok());
        if (!result.ok())
            return fromSchedulerError(*result.error);
        return nodeResponse(s, id);
    });

    router.add("POST", QStringLiteral("/v1/node/:id/eligibility"), [&s](const ApiRequest &r) {
        ApiResponse error;
        const auto body = r.jsonObject(&error, true);
        if (!body)
            return error;
        const auto eligibility = nodeEligibilityFromString(body->value("eligibility").toString());
        if (!eligibility)
            return ApiResponse::error(
                400, QStringLiteral("validation_failed"),
                QStringLiteral("eligibility must be \"eligible\" or "
                               "\"ineligible\""),
                {{QStringLiteral("eligibility"),
                  QStringLiteral("expected \"eligible\" or \"ineligible\"")}});
        const QString id = r.params.value(QStringLiteral("id"));
        const SchedulerResult result = s.fleet().setEligibility(id, *eligibility);
        if (result.ok() || result.error->kind != SchedulerError::Kind::NotFound)
            audit(s, r, QStringLiteral("node.eligibility.update"), nodeTarget(s, id),
                  {{"eligibility", toApiString(*eligibility)}}, result.ok());
        if (!result.ok())
            return fromSchedulerError(*result.error);
        return nodeResponse(s, id);
    });

    router.add("POST", QStringLiteral("/v1/nodes"), [&s](const ApiRequest &r) {
        QString why;
        const std::optional<Node> node = s.fleet().addNode(&why);
        if (!node) {
            audit(s, r, QStringLiteral("node.create"), {}, {{"error", why}}, false);
            return ApiResponse::error(409, QStringLiteral("fleet_full"), why);
        }
        audit(s, r, QStringLiteral("node.create"),
              AuditEvent::entity(QStringLiteral("node"), node->id, node->name), {{"name", node->name}},
              true);
        return nodeResponse(s, node->id, 201);
    });

    router.add("DELETE", QStringLiteral("/v1/node/:id"), [&s](const ApiRequest &r) {
        const QString id = r.params.value(QStringLiteral("id"));
        const QJsonObject target = nodeTarget(s, id); // named while it still exists
        const SchedulerResult result = s.fleet().removeNode(id);
        if (result.ok() || result.error->kind != SchedulerError::Kind::NotFound)
            audit(s, r, QStringLiteral("node.delete"), target, {}, result.ok());
        if (!result.ok())
            return fromSchedulerError(*result.error);
        return ApiResponse::json(QJsonObject{{"deleted", id}});
    });

    router.add("GET", QStringLiteral("/v1/jobs"), [&s](const ApiRequest &r) {
        const QString statusText = r.query.queryItemValue(QStringLiteral("status"));
        std::optional<JobStatus> status;
        if (!statusText.isEmpty()) {
            status = jobStatusFromString(statusText);
            if (!status)
                return ApiResponse::error(
                    400, QStringLiteral("invalid_parameter"),
                    QStringLiteral("status must be pending, running or dead"),
                    {{QStringLiteral("status"), QStringLiteral("expected pending|running|dead")}});
        }
        int limit = 100;
        if (r.query.hasQueryItem(QStringLiteral("limit"))) {
            bool ok = false;
            limit = r.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
            if (!ok || limit < 1 || limit > 1000)
                return ApiResponse::error(
                    400, QStringLiteral("invalid_parameter"),
                    QStringLiteral("limit must be 1 to 1000"),
                    {{QStringLiteral("limit"), QStringLiteral("a whole number from 1 to 1000")}});
        }
        const QString cursor = r.query.queryItemValue(QStringLiteral("cursor"));
        // Newest first; the cursor is the id of the last job of the previous page.
        const QList<Job> jobs = s.scheduler().jobs();
        qsizetype i = jobs.size() - 1;
        if (!cursor.isEmpty()) {
            while (i >= 0 && jobs[i].id != cursor)
                --i;
            if (i < 0)
                return ApiResponse::error(400, QStringLiteral("invalid_parameter"),
                                          QStringLiteral("cursor %1 is not a job id of this "
                                                         "list (it may have been removed by "
                                                         "retention): start again without it")
                                              .arg(cursor),
                                          {{QStringLiteral("cursor"), QStringLiteral("unknown")}});
            --i;
        }
        QJsonArray page;
        QString next;
        for (; i >= 0; --i) {
            if (status && jobs[i].status != *status)
                continue;
            if (page.size() == limit) {
                next = page.last().toObject().value("id").toString();
                break;
            }
            page.append(s.jobObject(jobs[i]));
        }
        ApiResponse response = ApiResponse::json(page);
        if (!next.isEmpty())
            response.headers.append(qMakePair(QByteArray("X-Next-Cursor"), next.toLatin1()));
        return response;
    });

    router.add(
        "POST", QStringLiteral("/v1/jobs"),
        [&s](const ApiRequest &r) {
            bool priorityOk = true;
            const int priority =
                r.query.hasQueryItem(QStringLiteral("priority"))
                    ? r.query.queryItemValue(QStringLiteral("priority")).toInt(&priorityOk)
                    : 50;
            if (!priorityOk || priority < 1 || priority > 100)
                return ApiResponse::error(
                    400, QStringLiteral("invalid_parameter"),
                    QStringLiteral("priority must be 1 to 100"),
                    {{QStringLiteral("priority"), QStringLiteral("a whole number from 1 to 100")}});
            const FleetSubmitResult result = s.fleet().submitConfig(
                r.body, r.query.queryItemValue(QStringLiteral("workflow")),
                r.query.queryItemValue(QStringLiteral("checkout_dir")), priority);
            if (!result.configErrors.isEmpty()) {
                QList<FieldError> fields;
                for (const ConfigError &e : result.configErrors)
                    fields.append({QStringLiteral("config"), e.toString()});
                return ApiResponse::error(400, QStringLiteral("invalid_config"),
                                          QStringLiteral("config.yml has %1 problem(s): %2")
                                              .arg(fields.size())
                                              .arg(fields.constFirst().message),
                                          fields);
            }
            if (result.error)
                return fromSchedulerError(*result.error);
            QJsonArray jobs;
            for (const QString &id : result.jobIds) {
                const auto job = s.scheduler().job(id);
                if (!job)
                    continue;
                jobs.append(s.jobObject(*job));
                audit(s, r, QStringLiteral("workflow.job.scheduled"),
                      AuditEvent::entity(QStringLiteral("job"), job->id, job->name),
                      {{"workflow", job->workflow}, {"workflow_run_id", job->workflowRunId}}, true);
            }
            return ApiResponse::json(
                QJsonObject{{"workflow_run_id", result.workflowRunId},
                            {"job_ids", QJsonArray::fromStringList(result.jobIds)},
                            {"jobs", jobs}},
                201);
        },
        Router::Options{.bodyLimit = 1024 * 1024});

    router.add("GET", QStringLiteral("/v1/job/:id"), [&s](const ApiRequest &r) {
        const QString id = r.params.value(QStringLiteral("id"));
        const auto job = s.scheduler().job(id);
        if (!job)
            return ApiResponse::error(404, QStringLiteral("not_found"),
                                      QStringLiteral("no job with id %1").arg(id));
        QJsonObject o = s.jobObject(*job);
        o.insert("allocations", s.allocationsOf(id));
        return ApiResponse::json(o);
    });

    for (const bool approve : {false, true}) {
        router.add("POST",
                   approve ? QStringLiteral("/v1/job/:id/approve")
                           : QStringLiteral("/v1/job/:id/cancel"),
                   [&s, approve](const ApiRequest &r) {
                       const QString id = r.params.value(QStringLiteral("id"));
                       const auto before = s.scheduler().job(id);
                       if (!before)
                           return ApiResponse::error(404, QStringLiteral("not_found"),
                                                     QStringLiteral("no job with id %1").arg(id));
                       const SchedulerResult result =
                           approve ? s.fleet().approveJob(id) : s.fleet().cancelJob(id);
                       audit(s, r,
                             approve ? QStringLiteral("workflow.job.approve")
                                     : QStringLiteral("workflow.job.cancel"),
                             AuditEvent::entity(QStringLiteral("job"), id, before->name),
                             {{"workflow_run_id", before->workflowRunId}}, result.ok());
                       if (!result.ok())
                           return fromSchedulerError(*result.error);
                       return ApiResponse::json(s.jobObject(*s.scheduler().job(id)));
                   });
    }
}

} // namespace gantry
