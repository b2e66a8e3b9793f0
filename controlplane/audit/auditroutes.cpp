#include "auditroutes.h"

#include "api/eventhub.h"
#include "api/router.h"
#include "auditcsvimporter.h"
#include "auditcsvwriter.h"
#include "auditimportsessions.h"
#include "auditquery.h"
#include "auditstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QPointer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTimer>
#include <QUuid>

#include <QtConcurrent/QtConcurrentRun>
#include <functional>

#include <limits>

namespace gantry {

namespace {

ApiResponse invalid(const QList<FieldError> &errors)
{
    return ApiResponse::error(400, QStringLiteral("invalid_parameter"),
                              errors.isEmpty() ? QStringLiteral("invalid query")
                                               : errors.constFirst().field + QStringLiteral(": ") +
                                                     errors.constFirst().message,
                              errors);
}

QList<FieldError> toFieldErrors(const QList<AuditQuery::FieldError> &errors)
{
    QList<FieldError> out;
    for (const auto &e : errors)
        out.append({e.field, e.message});
    return out;
}

void recordAction(AuditStore &store, const ApiRequest &r, const QString &action,
                  const QJsonObject &payload, bool success = true)
{
    AuditEvent e =
        AuditEvent::make(action, r.identity.actor(),
                         AuditEvent::entity(QStringLiteral("audit_log"), QStringLiteral("gantryd")),
                         payload, success);
    e.request = r.auditRequest();
    store.record(e);
}

QJsonObject filtersOf(const ApiRequest &r)
{
    QJsonObject o;
    for (const auto &[k, v] : r.query.queryItems(QUrl::FullyDecoded))
        if (k != QStringLiteral("cursor"))
            o.insert(k, v);
    return o;
}

// A cursor for what comes before this page in its order, even on the first page (where
// prev_cursor is null): a client polls it for events recorded since, without a cursor-less
// request (each of those is an audited view). For an empty page it selects every event.
QString headCursor(const AuditQuery &query, const AuditPage &page)
{
    AuditQuery::Position p;
    p.order = query.order();
    p.after = false;
    if (!page.events.isEmpty()) {
        p.occurredAtNs = page.events.constFirst().occurredAtNs;
        p.id = page.events.constFirst().id;
    } else {
        const bool ascending = query.order() == AuditQuery::Order::Ascending;
        p.occurredAtNs =
            ascending ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
        p.id = ascending ? QStringLiteral("ffffffff-ffff-ffff-ffff-ffffffffffff")
                         : QStringLiteral("00000000-0000-0000-0000-000000000001");
    }
    return AuditQuery::encodeCursor(p);
}

// Sends a finished export file in chunks, only as fast as the client reads, and says at the end
// whether the whole file went out (false: the client went away first).
class FileSender final : public QObject
{
public:
    using Done = std::function<void(bool complete, qint64 sent, qint64 size)>;
    FileSender(QTemporaryFile *file, QHttpServerResponder &&responder, Done done, QObject *parent)
        : QObject(parent)
        , m_file(file)
        , m_responder(std::move(responder))
        , m_socket(m_responder.socket())
        , m_done(std::move(done))
    {
        m_file->setParent(this);
        m_file->seek(0);
        connect(&m_timer, &QTimer::timeout, this, &FileSender::pump);
        if (m_socket)
            connect(m_socket, &QTcpSocket::disconnected, this, &FileSender::finish);
        m_timer.start(5);
        pump();
    }

private:
    void pump()
    {
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
            finish();
            return;
        }
        while (m_socket->bytesToWrite() < 4 * 1024 * 1024 && !m_file->atEnd())
            m_responder.writeBody(m_file->read(1024 * 1024));
        if (m_file->atEnd())
            finish();
    }
    // Not from the destructor: at gantryd's shutdown the store may be gone before this object.
    void finish()
    {
        m_timer.stop();
        if (m_done)
            std::exchange(m_done, {})(m_file->atEnd(), m_file->pos(), m_file->size());
        deleteLater();
    }

    QTemporaryFile *m_file;
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    Done m_done;
    QTimer m_timer;
};

} // namespace

AuditRoutes::AuditRoutes(AuditStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{}

AuditRoutes::AuditRoutes(AuditStore &store, EventHub *events, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_events(events)
{
    if (!m_events)
        return;
    connect(&m_poll, &QTimer::timeout, this, &AuditRoutes::publishNew);
    m_poll.start(1000);
}

void AuditRoutes::publishNew()
{
    const qint64 now = AuditEvent::nowNs();
    if (!m_events || m_events->subscriberCount() == 0) {
        m_high = now;
        m_sent.clear();
        return;
    }
    AuditQuery query;
    query.setOrder(AuditQuery::Order::Ascending);
    query.setLimit(AuditQuery::kMaxLimit);
    query.setSince(m_high - kLookbackNs);
    // Events stamped far ahead (an import from a skewed clock) must not hold the mark up.
    query.setUntil(now + 60'000'000'000);
    for (int pages = 0; pages < 5; ++pages) {
        QString why;
        const auto page = m_store.query(query, &why, false);
        if (!page)
            return;
        for (const AuditEvent &e : page->events) {
            if (m_sent.contains(e.id))
                continue;
            m_sent.insert(e.id, e.occurredAtNs);
            m_high = std::max(m_high, e.occurredAtNs);
            m_events->publish(QStringLiteral("Audit"), QStringLiteral("recorded"), e.toJson());
        }
        if (page->nextCursor.isEmpty())
            break;
        query.setCursor(page->nextCursor);
    }
    for (auto it = m_sent.begin(); it != m_sent.end();)
        it = it.value() < m_high - kLookbackNs ? m_sent.erase(it) : std::next(it);
}

void AuditRoutes::cancelExports()
{
    m_exportsCanceled->store(true);
}

void AuditRoutes::install(Router &router)
{
    AuditStore &store = m_store;

    router.add(
        "GET", QStringLiteral("/v1/audit"),
        [&store](const ApiRequest &r) {
            QList<AuditQuery::FieldError> errors;
            const auto query = AuditQuery::fromUrlQuery(r.query, &errors);
            if (!query)
                return invalid(toFieldErrors(errors));
            QString why;
            const auto page = store.query(*query, &why);
            if (!page)
                return ApiResponse::error(500, QStringLiteral("internal"), why);
            if (!r.query.hasQueryItem(QStringLiteral("cursor")))
                recordAction(store, r, QStringLiteral("audit_log.view"),
                             {{"filters", filtersOf(r)}});
            QJsonArray events;
            for (const AuditEvent &e : page->events)
                events.append(e.toJson());
            QJsonObject o{{"events", events}};
            o.insert("next_cursor",
                     page->nextCursor.isEmpty() ? QJsonValue() : QJsonValue(page->nextCursor));
            o.insert("prev_cursor",
                     page->prevCursor.isEmpty() ? QJsonValue() : QJsonValue(page->prevCursor));
            o.insert("head_cursor", headCursor(*query, *page));
            if (page->hasTotal) {
                o.insert("total", page->total);
                o.insert("total_kind", AuditPage::totalKindName(page->totalKind));
            }
            return ApiResponse::json(o);
        },
        Router::Options{.bodyLimit = 0, .offEventLoop = true});

    router.add(
        "GET", QStringLiteral("/v1/audit/:id"),
        [&store](const ApiRequest &r) {
            const QString id = r.params.value(QStringLiteral("id"));
            if (QUuid::fromString(id).isNull())
                return invalid({{QStringLiteral("id"),
                                 QStringLiteral("\"%1\" is not a UUID; expected the form "
                                                "0f8e2c34-5a1b-4c7d-9e6f-112233445566")
                                     .arg(id)}});
            QString why;
            const auto e = store.get(id, &why);
            if (!e)
                return ApiResponse::error(
                    why.isEmpty() ? 404 : 500,
                    why.isEmpty() ? QStringLiteral("not_found") : QStringLiteral("internal"),
                    why.isEmpty() ? QStringLiteral("no audit event with id %1").arg(id) : why);
            return ApiResponse::json(e->toJson());
        },
        Router::Options{.bodyLimit = 0, .offEventLoop = true});

    router.addStream(
        "GET", QStringLiteral("/v1/audit/export.csv"),
        [this, &store](const ApiRequest &r, QHttpServerResponder &&responder) {
            QList<AuditQuery::FieldError> errors;
            auto query = AuditQuery::fromUrlQuery(r.query, &errors, {QStringLiteral("raw")});
            if (!query) {
                Router::send(responder, invalid(toFieldErrors(errors)));
                return;
            }
            query->setOrder(
                AuditQuery::Order::Ascending); // oldest first, whatever the caller asked
            const bool raw =
                r.query.queryItemValue(QStringLiteral("raw")) == QStringLiteral("true");
            auto shared = std::make_shared<QHttpServerResponder>(std::move(responder));
            QPointer<QTcpSocket> socket = shared->socket();
            const ApiRequest request = r;
            // The export is written to a private temporary file off the event loop, then sent.
            QtConcurrent::run([&store, query = *query, raw, canceled = m_exportsCanceled] {
                auto *file = new QTemporaryFile;
                file->open();
                AuditCsvWriter writer(file, AuditCsvWriter::Options{.formulaProtection = !raw});
                AuditCsvWriter::Result result = writer.exportFrom(
                    store, query, [&canceled](qint64) { return !canceled->load(); });
                if (result.cancelled)
                    result.error = QStringLiteral("gantryd is stopping"); // never sent cut short
                file->flush();
                // Made here, sent (and deleted, by its FileSender parent) on the event loop's
                // thread: without the move, setParent fails and the file and its fd leak.
                file->moveToThread(QCoreApplication::instance()->thread());
                return std::make_pair(file, result);
            })
                .then(this, [this, &store, shared, socket, request](
                                const std::pair<QTemporaryFile *, AuditCsvWriter::Result> &done) {
                    const auto &[file, result] = done;
                    // Audited once the outcome is known: an export the client abandoned is
                    // not recorded as a completed one.
                    const auto audit = [&store, request,
                                        rows = result.rows](bool ok, const QString &outcome) {
                        recordAction(
                            store, request, QStringLiteral("audit_log.export"),
                            {{"filters", filtersOf(request)}, {"rows", rows}, {"outcome", outcome}},
                            ok);
                    };
                    if (!result.error.isEmpty()) {
                        audit(false, QStringLiteral("failed: ") + result.error);
                    } else if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
                        audit(false, QStringLiteral("canceled: the client went away before the "
                                                    "file was ready"));
                    }
                    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
                        delete file;
                        return;
                    }
                    if (!result.error.isEmpty()) {
                        delete file;
                        Router::send(*shared, ApiResponse::error(500, QStringLiteral("internal"),
                                                                 result.error));
                        return;
                    }
                    shared->writeStatusLine(QHttpServerResponder::StatusCode::Ok);
                    shared->writeHeader("Content-Type", "text/csv; charset=utf-8");
                    shared->writeHeader("Content-Disposition",
                                        "attachment; filename=\"audit-log.csv\"");
                    shared->writeHeader("Content-Length", QByteArray::number(file->size()));
                    shared->writeHeader("X-Audit-Rows", QByteArray::number(result.rows));
                    shared->writeHeader("Cache-Control", "no-store");
                    new FileSender(
                        file, std::move(*shared),
                        [audit](bool complete, qint64 sent, qint64 size) {
                            audit(complete, complete ? QStringLiteral("sent")
                                                     : QStringLiteral("canceled: the client went "
                                                                      "away after %1 of %2 bytes")
                                                           .arg(sent)
                                                           .arg(size));
                        },
                        this);
                });
        },
        Router::Options{.bodyLimit = 0, .access = Router::Options::Access::Read});

    router.add(
        "POST", QStringLiteral("/v1/audit/import"),
        [&store](const ApiRequest &r) {
            const QString skip = r.query.queryItemValue(QStringLiteral("skip_bad"));
            if (!skip.isEmpty() && skip != QStringLiteral("true") &&
                skip != QStringLiteral("false"))
                return invalid(
                    {{QStringLiteral("skip_bad"), QStringLiteral("expected true or false")}});
            AuditCsvImporter importer(
                &store, AuditCsvImporter::Options{.skipBad = skip == QStringLiteral("true")});
            importer.feed(r.body);
            return AuditImportSessions::finishedImport(store, r, importer.finish());
        },
        Router::Options{.bodyLimit = kImportLimit, .offEventLoop = true});
}

} // namespace gantry
