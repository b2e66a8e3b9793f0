#include "startupprogress.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace gantry {

StartupProgress::StartupProgress(std::chrono::milliseconds interval)
    : m_interval(interval)
    , m_since(std::chrono::steady_clock::now())
    , m_thread([this] { run(); })
{}

StartupProgress::~StartupProgress()
{
    stop();
}

void StartupProgress::step(const QString &what)
{
    std::lock_guard lock(m_mutex);
    m_step = what;
    m_since = std::chrono::steady_clock::now();
}

void StartupProgress::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void StartupProgress::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, m_interval, [this] { return m_stopping; })) {
        const auto lasted = std::chrono::steady_clock::now() - m_since;
        if (m_step.isEmpty() || lasted < m_interval)
            continue;
        const QByteArray line =
            QJsonDocument(QJsonObject{
                              {QStringLiteral("starting"), m_step},
                              {QStringLiteral("seconds"),
                               qint64(std::chrono::duration_cast<std::chrono::seconds>(lasted)
                                          .count())}})
                .toJson(QJsonDocument::Compact);
        std::fprintf(stdout, "%s\n", line.constData());
        std::fflush(stdout);
    }
}

} // namespace gantry
