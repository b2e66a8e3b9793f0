#include "allocationlog.h"

#include "controlplaneclient.h"

#include <QNetworkReply>
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

namespace {
constexpr int kMaxBackoffMs = 10000;
// How long a stream that ended cleanly waits before following again: the allocation may have
// ended, and the catch-up read in between says so.
constexpr int kRefollowMs = 200;

bool terminal(const QByteArray &status)
{
    return status == "complete" || status == "failed" || status == "lost";
}
} // namespace

AllocationLog::AllocationLog(ControlPlaneClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AllocationLog::fetch);
}

AllocationLog::~AllocationLog()
{
    ++m_generation;
    stopFollowing();
}

QString AllocationLog::typeName(Stream stream)
{
    return stream == Stream::Stderr ? QStringLiteral("stderr") : QStringLiteral("stdout");
}

QString AllocationLog::path(qint64 offset, bool follow) const
{
    return QStringLiteral("/v1/allocation/%1/logs?type=%2&follow=%3&offset=%4")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_allocationId)), typeName(m_stream),
             follow ? QStringLiteral("true") : QStringLiteral("false"))
        .arg(offset);
}

void AllocationLog::stopFollowing()
{
    if (QNetworkReply *reply = std::exchange(m_follow, nullptr))
        reply->abort(); // its done callback sees a stale generation and does nothing
}

void AllocationLog::open(const QString &allocationId, bool live)
{
    ++m_generation;
    stopFollowing();
    m_retry.stop();
    m_inFlight = false;
    m_allocationId = allocationId;
    m_live = live;
    m_offset = 0;
    m_backoffMs = 0;
    m_streamsOpened = 0;
    m_readsMade = 0;
    m_decoder.resetState();
    Q_EMIT cleared();
    if (!m_allocationId.isEmpty())
        fetch();
    Q_EMIT stateChanged();
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
    // An open stream ends by itself once the allocation has ended (gantryd closes it), and the
    // catch-up read after it collects what was written last. Without one, read once more now.
    if (!m_follow && !m_inFlight && !m_allocationId.isEmpty()) {
        m_retry.stop();
        fetch();
    }
    Q_EMIT stateChanged();
}

void AllocationLog::take(const QByteArray &bytes)
{
    m_offset += bytes.size();
    if (!bytes.isEmpty())
        Q_EMIT appended(m_decoder.decode(bytes));
}

void AllocationLog::retryLater(const QString &error)
{
    Q_EMIT failed(error);
    m_backoffMs = m_backoffMs == 0 ? m_retryMs : std::min(kMaxBackoffMs, m_backoffMs * 2);
    m_retry.start(m_backoffMs);
    Q_EMIT stateChanged();
}

void AllocationLog::fetch()
{
    if (m_allocationId.isEmpty() || m_inFlight || m_follow)
        return;
    m_inFlight = true;
    ++m_readsMade;
    const quint64 generation = m_generation;
    const qint64 offset = m_offset;
    QPointer<AllocationLog> self(this);
    m_client->get(path(offset, false), [self, generation, offset](const ApiResult &r) {
        if (!self || generation != self->m_generation)
            return;
        self->m_inFlight = false;
        if (!r.ok()) {
            if (self->m_live)
                self->retryLater(r.describeError());
            else
                Q_EMIT self->failed(r.describeError());
            return;
        }
        self->m_backoffMs = 0;
        qint64 next = offset;
        const QByteArray bytes = logBytes(r, &next, offset);
        self->take(bytes);
        self->m_offset = next;
        const bool more = r.header("X-Log-Size").toLongLong() > next;
        if (terminal(r.header("X-Allocation-Status")) && self->m_live) {
            self->m_live = false; // gantryd knows before the events reach us
            Q_EMIT self->stateChanged();
        }
        if (more || (!bytes.isEmpty() && !self->m_live && r.header("X-Log-Size").isEmpty()))
            self->fetch(); // a capped answer: read on
        else if (self->m_live)
            self->follow();
    });
}

void AllocationLog::follow()
{
    if (m_allocationId.isEmpty() || m_follow)
        return;
    ++m_streamsOpened;
    const quint64 generation = m_generation;
    QPointer<AllocationLog> self(this);
    m_follow = m_client->stream(
        path(m_offset, true),
        [self, generation](const QByteArray &bytes) {
            if (self && generation == self->m_generation)
                self->take(bytes);
        },
        [self, generation](const ApiResult &r) {
            if (!self || generation != self->m_generation)
                return;
            self->m_follow = nullptr;
            Q_EMIT self->stateChanged();
            if (!r.ok()) {
                self->retryLater(r.describeError());
                return;
            }
            // Ended: the allocation is done, or the connection went. Catch up from the offset
            // (the read says whether the allocation still runs), then follow again if so.
            self->m_retry.start(kRefollowMs);
        });
    Q_EMIT stateChanged();
}

void AllocationLog::saveTo(const QString &target, std::function<void(bool, const QString &)> done)
{
    if (m_allocationId.isEmpty()) {
        done(false, tr("No allocation is open."));
        return;
    }
    // Page by page (gantryd caps a plain answer), into a file that appears only when complete.
    struct Save
    {
        QSaveFile file;
        qint64 offset = 0;
        std::function<void(bool, const QString &)> done;
        std::function<void()> next;
    };
    auto save = std::make_shared<Save>();
    save->file.setFileName(target);
    save->done = std::move(done);
    if (!save->file.open(QIODevice::WriteOnly)) {
        save->done(false, tr("Could not write %1: %2").arg(target, save->file.errorString()));
        return;
    }
    const QString id = m_allocationId;
    const Stream stream = m_stream;
    QPointer<ControlPlaneClient> client(m_client);
    save->next = [save, client, id, stream, target] {
        const QString request =
            QStringLiteral("/v1/allocation/%1/logs?type=%2&follow=false&offset=%3")
                .arg(QString::fromLatin1(QUrl::toPercentEncoding(id)), typeName(stream))
                .arg(save->offset);
        const auto finish = [save](bool ok, const QString &message) {
            save->next = nullptr; // breaks the cycle save → next → save
            save->done(ok, message);
        };
        if (!client) {
            finish(false, tr("The connection to gantryd is gone."));
            return;
        }
        client->get(request, [save, target, finish](const ApiResult &r) {
            if (!r.ok()) {
                save->file.cancelWriting();
                finish(false, r.describeError());
                return;
            }
            qint64 nextOffset = save->offset;
            const QByteArray bytes = logBytes(r, &nextOffset, save->offset);
            if (save->file.write(bytes) != bytes.size()) {
                save->file.cancelWriting();
                finish(false, tr("Could not write %1: %2").arg(target, save->file.errorString()));
                return;
            }
            save->offset = nextOffset;
            if (!bytes.isEmpty() && r.header("X-Log-Size").toLongLong() > nextOffset) {
                save->next();
                return;
            }
            if (!save->file.commit()) {
                finish(false, tr("Could not write %1: %2").arg(target, save->file.errorString()));
                return;
            }
            finish(true, tr("Saved %n byte(s) to %1", nullptr, int(save->offset)).arg(target));
        });
    };
    save->next();
}

} // namespace gantry
