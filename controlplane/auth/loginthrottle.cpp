#include "loginthrottle.h"

#include <cmath>

namespace gantry {

int LoginThrottle::wait(const QString &key) const
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend() || it->blockedUntil.hasExpired())
        return 0;
    return int(std::ceil(it->blockedUntil.remainingTime() / 1000.0));
}

int LoginThrottle::retryAfter(const QString &username, const QString &address) const
{
    std::lock_guard lock(m_mutex);
    return std::max(wait(QStringLiteral("user:") + username.toLower()),
                    wait(QStringLiteral("addr:") + address));
}

void LoginThrottle::fail(const QString &key)
{
    Entry &e = m_entries[key];
    ++e.failures;
    if (e.failures >= kFreeAttempts) {
        const int exponent = std::min(e.failures - kFreeAttempts, 9);
        const int delay = std::min(1 << exponent, kMaxDelaySeconds);
        e.blockedUntil = QDeadlineTimer(qint64(delay) * 1000);
    }
}

void LoginThrottle::recordFailure(const QString &username, const QString &address)
{
    std::lock_guard lock(m_mutex);
    fail(QStringLiteral("user:") + username.toLower());
    fail(QStringLiteral("addr:") + address);
}

void LoginThrottle::recordSuccess(const QString &username)
{
    std::lock_guard lock(m_mutex);
    m_entries.remove(QStringLiteral("user:") + username.toLower());
}

} // namespace gantry
