#include "allocationlog.h"

#include "controlplaneclient.h"

#include <QPointer>
#include <QSaveFile>
#include <QUrl>

namespace gantry {

namespace {
// The answer is the raw bytes; a JSON {"data", "offset"} answer is taken as well.
QByteArray logBytes(const ApiResult &r, qint64 *nextOffset, qint64 offset)
{
    if (r.json.isObject() && r.json.object().contains(QLatin1String("data"))) {
        const QJsonObject o = r.json.object();
        const QByteArray data = o.value(QLatin1String("data")).toString().toUtf8();
        *nextOffset = o.contains(QLatin1String("offset"))
                          ? qint64(o.value(QLatin1String("offset")).toDouble())
                          : offset + data.size();
        return data;
    }
    *nextOffset = offset + r.raw.size();
    return r.raw;
}
} // namespace

AllocationLog::AllocationLog(ControlPlaneClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_poll.setInterval(1000);
    m_poll.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, &AllocationLog::fetch);
}

QString AllocationLog::typeName(Stream stream)
{
    return stream == Stream::Stderr ? QStringLiteral("stderr") : QStringLiteral("stdout");
}

QString AllocationLog::path(qint64 offset) const
{
    return QStringLiteral("/v1/allocation/%1/logs?type=%2&follow=false&offset=%3")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_allocationId)), typeName(m_stream))
        .arg(offset);
}

void AllocationLog::open(const QString &allocationId, bool live)
{
    ++m_generation;
    m_poll.stop();
    m_inFlight = false;
    m_allocationId = allocationId;
    m_live = live;
    m_offset = 0;
    m_decoder.resetState();
    Q_EMIT cleared();
    if (!m_allocationId.isEmpty())
        fetch();
}

void AllocationLog::close()
{
    open({}, false);
}

void AllocationLog::setStream(Stream stream)
{
    if (stream == m_stream)
        return;
    m_stream = stream;
    open(m_allocationId, m_live);
}

void AllocationLog::setLive(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    // Once an allocation ends, one more read collects what it wrote last.
    if (!m_inFlight && !m_allocationId.isEmpty()) {
        m_poll.stop();
        fetch();
    }
}

void AllocationLog::fetch()
{
    if (m_allocationId.isEmpty() || m_inFlight)
        return;
    m_inFlight = true;
    const quint64 generation = m_generation;
    const qint64 offset = m_offset;
    QPointer<AllocationLog> self(this);
    m_client->get(path(offset), [self, generation, offset](const ApiResult &r) {
        if (!self || generation != self->m_generation)
            return;
        self->m_inFlight = false;
        if (!r.ok()) {
            Q_EMIT self->failed(r.describeError());
            if (self->m_live)
                self->m_poll.start();
            return;
        }
        qint64 next = offset;
        const QByteArray bytes = logBytes(r, &next, offset);
        self->m_offset = next;
        if (!bytes.isEmpty())
            Q_EMIT self->appended(self->m_decoder.decode(bytes));
        // Keep reading while there is more (a capped answer) or while the allocation runs.
        if (!bytes.isEmpty() && !self->m_live)
            self->fetch();
        else if (self->m_live)
            self->m_poll.start();
    });
}

void AllocationLog::saveTo(const QString &path, std::function<void(bool, const QString &)> done)
{
    if (m_allocationId.isEmpty()) {
        done(false, tr("No allocation is open."));
        return;
    }
    const QString request =
        QStringLiteral("/v1/allocation/%1/logs?type=%2&follow=false&offset=0")
            .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_allocationId)), typeName(m_stream));
    m_client->get(request, [path, done](const ApiResult &r) {
        if (!r.ok()) {
            done(false, r.describeError());
            return;
        }
        qint64 next = 0;
        const QByteArray bytes = logBytes(r, &next, 0);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() ||
            !file.commit()) {
            done(false, tr("Could not write %1: %2").arg(path, file.errorString()));
            return;
        }
        done(true, tr("Saved %n byte(s) to %1", nullptr, int(bytes.size())).arg(path));
    });
}

} // namespace gantry
