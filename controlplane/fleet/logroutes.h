// GET /v1/allocation/:id/logs?type=stdout|stderr&offset=N&follow=true|false: an allocation's log
// from a byte offset; with follow, the response stays open and carries what the steps write until
// the allocation ends (the writer stops as soon as the client goes away).
#pragma once

#include <QObject>

namespace gantry {

class FleetService;
class Router;

class LogRoutes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogRoutes)
public:
    static constexpr qint64 kMaxChunk = 4 * 1024 * 1024; // per plain response

    LogRoutes(FleetService &service, QObject *parent = nullptr);
    void install(Router &router);
    int followers() const;

private:
    FleetService &m_service;
};

} // namespace gantry
