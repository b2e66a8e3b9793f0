// What every check takes besides the unsaved settings: a per-step time limit and a flag that
// cancels it between (and, where the protocol allows, during) steps.
#pragma once

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <chrono>

namespace gantry {

struct CheckOptions final
{
    std::chrono::milliseconds stepTimeout{10000};
    // Set to true from any thread to stop the check; it then ends with a failed "cancelled" step.
    const std::atomic<bool> *cancel = nullptr;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

// Reads items of a settings fragment shaped like the settings groups,
// e.g. {"ldap": {"host": ...}, "tls": {"custom_root_cas": [...]}}.
class SettingsFragment final
{
public:
    explicit SettingsFragment(const QJsonObject &fragment)
        : m_fragment(fragment)
    {}

    QJsonValue value(const QString &group, const QString &item) const
    {
        return m_fragment.value(group).toObject().value(item);
    }
    QString text(const QString &group, const QString &item) const
    {
        const QJsonValue v = value(group, item);
        if (v.isDouble())
            return QString::number(v.toInteger());
        return v.toString().trimmed();
    }
    // A list item given as a JSON array of strings, or as one string with comma-separated values.
    QStringList list(const QString &group, const QString &item) const
    {
        const QJsonValue v = value(group, item);
        QStringList out;
        if (v.isArray()) {
            for (const QJsonValue &entry : v.toArray()) {
                if (!entry.toString().trimmed().isEmpty())
                    out.append(entry.toString().trimmed());
            }
        } else if (v.isString()) {
            for (const QString &part : v.toString().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (!part.trimmed().isEmpty())
                    out.append(part.trimmed());
            }
        }
        return out;
    }

private:
    QJsonObject m_fragment;
};

// Measures one step: ms() since construction or the last restart().
class StepClock final
{
public:
    StepClock() { m_timer.start(); }
    qint64 ms() const { return m_timer.elapsed(); }
    void restart() { m_timer.restart(); }

private:
    QElapsedTimer m_timer;
};

} // namespace gantry
