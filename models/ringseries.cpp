#include "ringseries.h"

#include <algorithm>

namespace gantry {

RingSeries::RingSeries(int capacity, qint64 bucketMs)
    : m_points(size_t(std::max(1, capacity)))
    , m_bucketMs(std::max<qint64>(1, bucketMs))
{}

void RingSeries::add(qint64 msecs, double value)
{
    const qint64 bucket = msecs / m_bucketMs;
    const int cap = capacity();
    if (m_size > 0 && bucket == m_lastBucket) {
        m_points[size_t((m_head + m_size - 1) % cap)].setY(value);
        return;
    }
    if (m_size > 0 && bucket < m_lastBucket)
        return; // the clock went back: keep the series monotonic
    const QPointF point(double(bucket * m_bucketMs), value);
    if (m_size < cap) {
        m_points[size_t((m_head + m_size) % cap)] = point;
        ++m_size;
    } else {
        m_points[size_t(m_head)] = point;
        m_head = (m_head + 1) % cap;
    }
    m_lastBucket = bucket;
}

void RingSeries::clear()
{
    m_head = 0;
    m_size = 0;
    m_lastBucket = -1;
}

QList<QPointF> RingSeries::points() const
{
    QList<QPointF> list;
    list.reserve(m_size);
    for (int i = 0; i < m_size; ++i)
        list.append(m_points[size_t((m_head + i) % capacity())]);
    return list;
}

double RingSeries::maxValue() const
{
    double max = 0;
    for (int i = 0; i < m_size; ++i)
        max = std::max(max, m_points[size_t((m_head + i) % capacity())].y());
    return max;
}

} // namespace gantry
