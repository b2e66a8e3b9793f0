// What the console can do to the fleet — drain, undrain, eligibility, cancel, approve, submit a
// pipeline, read a job's details — as calls on gantryd's fleet API, with bulk variants that report
// one result for a whole selection.
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <functional>
#include <optional>

namespace gantry {

class ControlPlaneClient;

struct DrainRequest final
{
    bool enable = true;
    // Seconds until running allocations are stopped; 0 = no deadline, -1 = force (stop now).
    qint64 deadlineSeconds = 3600;
    bool ignoreSystemJobs = false;

    QJsonObject toJson() const;
};

struct BulkResult final
{
    QStringList succeeded; // ids
    QStringList failures;  // "id: what went wrong", one per failed id
    bool ok() const { return failures.isEmpty(); }
};

struct SubmitResult final
{
    bool ok = false;
    QStringList jobIds;
    QString workflowRunId;
    QString error; // gantryd's message, naming the line of config.yml when it is about one
};

class FleetActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetActions)
public:
    using BulkCallback = std::function<void(const BulkResult &)>;

    explicit FleetActions(ControlPlaneClient *client, QObject *parent = nullptr);

    void drain(const QStringList &nodeIds, const DrainRequest &request, BulkCallback done);
    void undrain(const QStringList &nodeIds, BulkCallback done);
    void setEligibility(const QStringList &nodeIds, bool eligible, BulkCallback done);
    void cancelJobs(const QStringList &jobIds, BulkCallback done);
    void approveJobs(const QStringList &jobIds, BulkCallback done);
    void submitPipeline(const QByteArray &configYaml, const QString &workflow,
                        std::function<void(const SubmitResult &)> done);
    // GET /v1/job/:id: the job with its "allocations"; an empty object and an error otherwise.
    void fetchJob(const QString &jobId,
                  std::function<void(const QJsonObject &job, const QString &error)> done);

Q_SIGNALS:
    // After any action that changed something: the pages say so, the feed's events follow.
    void finished(const QString &summary, bool ok);

private:
    void bulk(const QStringList &ids, const QString &pathTemplate, const QJsonObject &body,
              const QString &what, BulkCallback done);

    ControlPlaneClient *m_client;
};

} // namespace gantry
