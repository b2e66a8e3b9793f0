// Slows down password guessing: after a few failed logins for one user name or from one address,
// each further attempt must wait, doubling up to five minutes. A success clears the user's count.
#pragma once

#include <QDeadlineTimer>
#include <QHash>
#include <QString>
#include <mutex>

namespace gantry {

class LoginThrottle final
{
public:
    static constexpr int kFreeAttempts = 3;
    static constexpr int kMaxDelaySeconds = 300;

    // Seconds to wait before `username` may try again from `address` (0: go ahead).
    int retryAfter(const QString &username, const QString &address) const;
    void recordFailure(const QString &username, const QString &address);
    void recordSuccess(const QString &username);

private:
    struct Entry
    {
        int failures = 0;
        QDeadlineTimer blockedUntil;
    };
    void fail(const QString &key);
    int wait(const QString &key) const;

    mutable std::mutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace gantry
