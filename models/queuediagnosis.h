// Why jobs queue, in the order the operations guide's "Debugging Queuing Builds" checks it: are
// there nodes, can any node fit what the jobs ask for, are nodes draining or down, is every
// eligible node full (and how many more nodes would run the queue now). A plain class over the
// API's node and job records, so it is tested without a window or a server.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gantry {

struct QueueFinding final
{
    enum class Kind {
        NoNodes,          // no node at all
        NoFit,            // a resource class no node can fit
        NodesUnavailable, // nodes draining, down, initializing or ineligible
        Full,             // every eligible node is full: add capacity
        SchedulerLag,     // room exists, yet jobs wait
        Healthy,          // nothing waits for capacity
    };
    Kind kind = Kind::Healthy;
    QString text;        // one or two sentences, translated
    QStringList nodeIds; // the nodes concerned
    QStringList jobIds;  // the jobs concerned
    // Full: how many nodes of which shape (whole capacity, as one provisions them) to add.
    int nodesToAdd = 0;
    int nodeCpu = 0;
    int nodeMemoryMb = 0;
};

class QueueDiagnosis final
{
    Q_DECLARE_TR_FUNCTIONS(gantry::QueueDiagnosis)
public:
    // Jobs pending for less than this are being placed, not stuck.
    static constexpr int kLagSeconds = 30;

    // The jobs that wait for a node: pending, not on hold, not waiting for a required job; the
    // others are counted in *onHold and *upstream.
    static QList<QJsonObject> waitingForCapacity(const QList<QJsonObject> &jobs,
                                                 int *onHold = nullptr, int *upstream = nullptr);
    // Findings, most fundamental first; exactly one Healthy finding when nothing waits.
    static QList<QueueFinding> diagnose(const QList<QJsonObject> &nodes,
                                        const QList<QJsonObject> &jobs,
                                        const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace gantry
