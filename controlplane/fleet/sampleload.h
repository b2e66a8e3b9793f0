// --sample-load: submits realistic CircleCI-style workflows to the local fleet (a mix of resource
// classes, durations, parallelism, approvals and failures, denser in working hours) so that a
// fresh install has a live fleet to watch.
#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

namespace gantry {

class LocalFleet;

class SampleLoad final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SampleLoad)
public:
    explicit SampleLoad(LocalFleet &fleet, QObject *parent = nullptr);
    void start();
    // One workflow's config.yml, as the generator makes them (public for tests).
    QByteArray makeConfig();
    int submitted() const { return m_submitted; }

private:
    void submitOne();
    int nextDelayMs();

    LocalFleet &m_fleet;
    QTimer m_timer;
    QRandomGenerator m_random;
    int m_submitted = 0;
};

} // namespace gantry
