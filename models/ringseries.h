// A chart series of fixed size: one point per time bucket (the latest value in the bucket wins),
// the oldest bucket dropped when a new one begins, so a dashboard left open for weeks never grows.
#pragma once

#include <QList>
#include <QPointF>
#include <vector>

namespace gantry {

class RingSeries final
{
public:
    RingSeries(int capacity, qint64 bucketMs);

    // x is milliseconds since the epoch.
    void add(qint64 msecsSinceEpoch, double value);
    void clear();
    int size() const { return m_size; }
    int capacity() const { return int(m_points.size()); }
    qint64 bucketMs() const { return m_bucketMs; }
    qint64 spanMs() const { return m_bucketMs * capacity(); }
    // Oldest first: what QXYSeries::replace() takes, for one wholesale replacement per update.
    QList<QPointF> points() const;
    double maxValue() const;

private:
    std::vector<QPointF> m_points;
    qint64 m_bucketMs;
    int m_head = 0; // index of the oldest point
    int m_size = 0;
    qint64 m_lastBucket = -1;
};

} // namespace gantry
