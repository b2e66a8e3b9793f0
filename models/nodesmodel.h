// The Nodes table: one row per fleet node (GET /v1/nodes and Node events), with the columns of
// `nomad node status -allocs` plus CPU and memory used of allocatable and drain progress.
#pragma once

#include "livetablemodel.h"

namespace gantry {

class NodesModel final : public LiveTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodesModel)
public:
    explicit NodesModel(QObject *parent = nullptr);

    // Derived values both the table and the dialogs use.
    static bool isDraining(const QJsonObject &node);
    static int runningAllocs(const QJsonObject &node);
    static int allocatableCpu(const QJsonObject &node);
    static int allocatableMemoryMb(const QJsonObject &node);
    // "no", "draining: 3 allocations left (deadline 14:05)", "drained".
    static QString drainText(const QJsonObject &node);
    QString nameOf(const QString &id) const; // the id when the node is unknown

private:
    static QList<Column> makeColumns();
};

} // namespace gantry
