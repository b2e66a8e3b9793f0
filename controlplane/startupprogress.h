// Tells whoever started gantryd that a long start is alive. Before the {"listening": ...} line,
// a step that runs for a while (migrating a large audit log, rebuilding its full-text index,
// restoring the fleet) prints {"starting": "<step>", "seconds": N} on stdout every few seconds,
// so a launcher (gantry's embedded daemon) waits while gantryd works instead of killing it for
// silence and restarting it into the same long step. Quick starts print nothing more.
#pragma once

#include <QString>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace gantry {

class StartupProgress final
{
public:
    explicit StartupProgress(std::chrono::milliseconds interval = std::chrono::seconds(5));
    ~StartupProgress(); // stop()
    StartupProgress(const StartupProgress &) = delete;
    StartupProgress &operator=(const StartupProgress &) = delete;

    // The step now running ("opening the audit log"), said once it has lasted an interval.
    void step(const QString &what);
    // No more lines: the start is over (before the listening line).
    void stop();

private:
    void run();

    const std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    QString m_step;
    std::chrono::steady_clock::time_point m_since;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace gantry
