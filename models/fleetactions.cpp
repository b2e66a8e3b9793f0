#include "fleetactions.h"

#include "controlplaneclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QUrl>
#include <memory>

namespace gantry {

QJsonObject DrainRequest::toJson() const
{
    QJsonObject o{{"enable", enable}};
    if (enable) {
        o.insert(QStringLiteral("deadline_seconds"), deadlineSeconds);
        o.insert(QStringLiteral("ignore_system_jobs"), ignoreSystemJobs);
    }
    return o;
}

FleetActions::FleetActions(ControlPlaneClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void FleetActions::bulk(const QStringList &ids, const QString &pathTemplate,
                        const QJsonObject &body, const QString &what, BulkCallback done)
{
    auto result = std::make_shared<BulkResult>();
    auto left = std::make_shared<int>(int(ids.size()));
    if (ids.isEmpty()) {
        if (done)
            done(*result);
        return;
    }
    const QByteArray payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QPointer<FleetActions> self(this);
    for (const QString &id : ids) {
        const QString path = pathTemplate.arg(QString::fromLatin1(QUrl::toPercentEncoding(id)));
        m_client->request(
            "POST", path, payload, [self, id, result, left, done, what](const ApiResult &r) {
                if (r.ok())
                    result->succeeded.append(id);
                else
                    result->failures.append(QStringLiteral("%1: %2").arg(id, r.describeError()));
                if (--*left > 0)
                    return;
                if (done)
                    done(*result);
                if (!self)
                    return;
                Q_EMIT self->finished(
                    result->ok()
                        ? tr("%1: done for %n item(s)", nullptr, int(result->succeeded.size()))
                              .arg(what)
                        : tr("%1: %2 of %3 failed — %4")
                              .arg(what)
                              .arg(result->failures.size())
                              .arg(result->failures.size() + result->succeeded.size())
                              .arg(result->failures.first()),
                    result->ok());
            });
    }
}

void FleetActions::drain(const QStringList &nodeIds, const DrainRequest &request, BulkCallback done)
{
    bulk(nodeIds, QStringLiteral("/v1/node/%1/drain"), request.toJson(), tr("Drain"),
         std::move(done));
}

void FleetActions::undrain(const QStringList &nodeIds, BulkCallback done)
{
    DrainRequest r;
    r.enable = false;
    bulk(nodeIds, QStringLiteral("/v1/node/%1/drain"), r.toJson(), tr("Undrain"), std::move(done));
}

void FleetActions::setEligibility(const QStringList &nodeIds, bool eligible, BulkCallback done)
{
    bulk(nodeIds, QStringLiteral("/v1/node/%1/eligibility"),
         QJsonObject{{"eligibility", eligible ? "eligible" : "ineligible"}},
         eligible ? tr("Mark eligible") : tr("Mark ineligible"), std::move(done));
}

void FleetActions::cancelJobs(const QStringList &jobIds, BulkCallback done)
{
    bulk(jobIds, QStringLiteral("/v1/job/%1/cancel"), {}, tr("Cancel"), std::move(done));
}

void FleetActions::approveJobs(const QStringList &jobIds, BulkCallback done)
{
    bulk(jobIds, QStringLiteral("/v1/job/%1/approve"), {}, tr("Approve"), std::move(done));
}

void FleetActions::submitPipeline(const QByteArray &configYaml, const QString &workflow,
                                  std::function<void(const SubmitResult &)> done)
{
    QString path = QStringLiteral("/v1/jobs");
    if (!workflow.isEmpty())
        path +=
            QStringLiteral("?workflow=") + QString::fromLatin1(QUrl::toPercentEncoding(workflow));
    QPointer<FleetActions> self(this);
    m_client->request(
        "POST", path, configYaml,
        [self, done](const ApiResult &r) {
            SubmitResult result;
            result.ok = r.ok();
            if (!r.ok()) {
                result.error = r.describeError();
                for (const FieldError &f : r.error.fields)
                    result.error +=
                        QStringLiteral("\n") + f.field + QStringLiteral(": ") + f.message;
            } else {
                // {workflow_run_id, job_ids: [...]} or {jobs: [{id}, ...]} or [{id}, ...].
                const QJsonObject o = r.json.object();
                result.workflowRunId = o.value(QLatin1String("workflow_run_id")).toString();
                for (const QJsonValue &v : o.value(QLatin1String("job_ids")).toArray())
                    result.jobIds.append(v.toString());
                const QJsonArray jobs =
                    r.json.isArray() ? r.json.array() : o.value(QLatin1String("jobs")).toArray();
                if (result.jobIds.isEmpty())
                    for (const QJsonValue &v : jobs)
                        result.jobIds.append(v.toObject().value(QLatin1String("id")).toString());
            }
            if (done)
                done(result);
            if (self)
                Q_EMIT self->finished(result.ok ? tr("Pipeline submitted: %n job(s)", nullptr,
                                                     int(result.jobIds.size()))
                                                : tr("Pipeline rejected: %1").arg(result.error),
                                      result.ok);
        },
        "application/yaml");
}

void FleetActions::fetchJob(const QString &jobId,
                            std::function<void(const QJsonObject &, const QString &)> done)
{
    m_client->get(QStringLiteral("/v1/job/") + QString::fromLatin1(QUrl::toPercentEncoding(jobId)),
                  [done](const ApiResult &r) {
                      if (r.ok())
                          done(r.json.object(), {});
                      else
                          done({}, r.describeError());
                  });
}

} // namespace gantry
