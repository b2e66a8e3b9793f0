#include "auditquery.h"

#include "auditseqbucket.h"

#include <QRegularExpression>
#include <QUuid>

namespace gantry {

namespace {

// Splits free text the way the full-text indexes do (FTS5 unicode61; on PostgreSQL the indexed
// text has every run of non-alphanumerics replaced by a space): runs of letters and digits.
QStringList splitTerms(const QString &text)
{
    QStringList terms;
    QString current;
    auto flush = [&](bool prefix) {
        if (!current.isEmpty())
            terms << (prefix ? current + '*' : current);
        current.clear();
    };
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            current += c.toLower();
        else
            flush(c == '*');
    }
    flush(false);
    return terms;
}

} // namespace

QString AuditPage::totalKindName(TotalKind kind)
{
    switch (kind) {
    case TotalKind::Exact:
        return QStringLiteral("exact");
    case TotalKind::Estimate:
        return QStringLiteral("estimate");
    case TotalKind::AtLeast:
        return QStringLiteral("at_least");
    }
    return {};
}

QStringList AuditQuery::parameterNames()
{
    return {"since",   "until", "action", "actor",  "target",
            "success", "q",     "limit",  "cursor", "order"};
}

std::optional<AuditQuery> AuditQuery::fromUrlQuery(const QUrlQuery &query,
                                                   QList<FieldError> *errors,
                                                   const QStringList &extraParameters)
{
    AuditQuery result;
    QList<FieldError> found;
    const QStringList known = parameterNames();
    QStringList seen;
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!known.contains(name)) {
            if (!extraParameters.contains(name))
                found.append({name, QStringLiteral("unknown parameter; expected one of %1")
                                        .arg((known + extraParameters).join(", "))});
            continue;
        }
        if (seen.contains(name)) {
            found.append({name, QStringLiteral("given more than once; give it at most once")});
            continue;
        }
        seen << name;
        const QString why = result.setParameter(name, value);
        if (!why.isEmpty())
            found.append({name, why});
    }
    if (found.isEmpty() && result.m_position) {
        if (result.m_orderGiven && result.m_position->order != result.m_order)
            found.append({"cursor",
                          QStringLiteral("was made for order=%1; drop order or give "
                                         "the same order")
                              .arg(result.m_position->order == Order::Ascending ? "asc" : "desc")});
        result.m_order = result.m_position->order;
    }
    if (found.isEmpty() && result.m_since && result.m_until && *result.m_until < *result.m_since)
        found.append({"until", QStringLiteral("must not be before since")});
    if (errors)
        *errors = found;
    if (!found.isEmpty())
        return std::nullopt;
    return result;
}

QString AuditQuery::setParameter(const QString &name, const QString &value)
{
    if (name == "since" || name == "until") {
        const auto ns = AuditEvent::parseTime(value);
        if (!ns)
            return QStringLiteral("\"%1\" is not a time; expected %2")
                .arg(value, AuditEvent::timeForm());
        (name == "since" ? m_since : m_until) = *ns;
        return {};
    }
    if (name == "action")
        return setAction(value);
    if (name == "actor" || name == "target") {
        if (value.isEmpty())
            return QStringLiteral("must not be empty; expected an id or a name");
        (name == "actor" ? m_actor : m_target) = value;
        return {};
    }
    if (name == "success") {
        if (value == "true")
            m_success = true;
        else if (value == "false")
            m_success = false;
        else
            return QStringLiteral("\"%1\" is not a boolean; expected true or false").arg(value);
        return {};
    }
    if (name == "q")
        return setText(value);
    if (name == "limit") {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok)
            return QStringLiteral("\"%1\" is not a number; expected an integer from 1 to %2")
                .arg(value)
                .arg(kMaxLimit);
        return setLimit(n);
    }
    if (name == "order") {
        if (value == "asc")
            m_order = Order::Ascending;
        else if (value == "desc")
            m_order = Order::Descending;
        else
            return QStringLiteral("\"%1\" is not an order; expected asc or desc").arg(value);
        m_orderGiven = true;
        return {};
    }
    if (name == "cursor")
        return setCursor(value);
    return QStringLiteral("unknown parameter; expected one of %1").arg(parameterNames().join(", "));
}

QString AuditQuery::setAction(const QString &actionOrPrefix)
{
    static const QRegularExpression prefixForm(QStringLiteral("^[a-z_.]*\\*$"));
    if (actionOrPrefix.endsWith('*')) {
        if (!prefixForm.match(actionOrPrefix).hasMatch())
            return QStringLiteral("\"%1\" is not an action prefix; expected lowercase words "
                                  "separated by dots ending in *, e.g. workflow.job.*")
                .arg(actionOrPrefix);
        m_actionPrefix = actionOrPrefix.chopped(1);
        m_action = m_actionPrefix.isEmpty() ? QString() : actionOrPrefix; // "*": every action
        return {};
    }
    if (!AuditEvent::isValidAction(actionOrPrefix))
        return QStringLiteral("\"%1\" is not an action; expected lowercase words separated by "
                              "dots (e.g. workflow.job.start) or a prefix ending in * "
                              "(e.g. workflow.job.*)")
            .arg(actionOrPrefix);
    m_action = actionOrPrefix;
    m_actionPrefix.clear();
    return {};
}

QString AuditQuery::setText(const QString &text)
{
    const QStringList terms = splitTerms(text);
    if (terms.isEmpty())
        return QStringLiteral("has no words to search for; expected text with letters or digits");
    if (terms.size() > 32)
        return QStringLiteral("has %1 words; expected at most 32").arg(terms.size());
    m_text = text;
    m_terms = terms;
    return {};
}

QString AuditQuery::setLimit(int limit)
{
    if (limit < 1 || limit > kMaxLimit)
        return QStringLiteral("%1 is out of range; expected an integer from 1 to %2")
            .arg(limit)
            .arg(kMaxLimit);
    m_limit = limit;
    return {};
}

QString AuditQuery::setCursor(const QString &cursor)
{
    const auto position = decodeCursor(cursor);
    if (!position)
        return QStringLiteral("is not a cursor of this API; pass next_cursor or prev_cursor "
                              "of a previous page unchanged");
    m_cursor = cursor;
    m_position = position;
    return {};
}

// Cursors are opaque to clients; inside they are "1:<a|b>:<asc|desc>:<ns>:<id>" (version 1,
// after or before the key) in unpadded base64url, so they survive URLs unescaped.
QString AuditQuery::encodeCursor(const Position &p)
{
    const QString text = QStringLiteral("1:%1:%2:%3:%4")
                             .arg(p.after ? "a" : "b")
                             .arg(p.order == Order::Ascending ? "asc" : "desc")
                             .arg(p.occurredAtNs)
                             .arg(p.id);
    return QString::fromLatin1(
        text.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<AuditQuery::Position> AuditQuery::decodeCursor(const QString &cursor)
{
    if (cursor.isEmpty() || cursor.size() > 200)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QStringList parts = QString::fromUtf8(*decoded).split(':');
    if (parts.size() != 5 || parts[0] != "1" || (parts[1] != "a" && parts[1] != "b") ||
        (parts[2] != "asc" && parts[2] != "desc"))
        return std::nullopt;
    bool ok = false;
    Position p;
    p.occurredAtNs = parts[3].toLongLong(&ok);
    if (!ok || QUuid::fromString(parts[4]).isNull())
        return std::nullopt;
    p.id = parts[4];
    p.after = parts[1] == "a";
    p.order = parts[2] == "asc" ? Order::Ascending : Order::Descending;
    return p;
}

QString AuditQuery::sqlConditions(Database::Kind kind, QVariantList *binds) const
{
    QStringList where;
    if (m_since) {
        where << QStringLiteral("occurred_at >= ?");
        *binds << *m_since;
    }
    if (m_until) {
        where << QStringLiteral("occurred_at < ?");
        *binds << *m_until;
    }
    if (!m_action.isEmpty() && m_actionPrefix.isEmpty()) {
        where << QStringLiteral("action = ?");
        *binds << m_action;
    } else if (!m_actionPrefix.isEmpty()) {
        // A range rather than LIKE so the (action, occurred_at) index serves it; the columns
        // compare bytewise (COLLATE "C" on PostgreSQL).
        QString upper = m_actionPrefix;
        upper.back() = QChar(upper.back().unicode() + 1);
        where << QStringLiteral("action >= ? AND action < ?");
        *binds << m_actionPrefix << upper;
    }
    // Actors and targets by ref (AuditEntityRefs): the few pairs with that id or name first;
    // SQLite's ref indexes are under a seq bucket, which the clause enumerates.
    const bool bucketed = kind == Database::Kind::Sqlite;
    if (bucketed && (!m_actor.isEmpty() || !m_target.isEmpty()))
        where << AuditSeqBucket::allSql();
    if (!m_actor.isEmpty()) {
        where << QStringLiteral("actor_ref IN (SELECT ref FROM audit_entities WHERE id = ? OR "
                                "name = ?)");
        *binds << m_actor << m_actor;
    }
    if (!m_target.isEmpty()) {
        where << QStringLiteral("target_ref IN (SELECT ref FROM audit_entities WHERE id = ? OR "
                                "name = ?)");
        *binds << m_target << m_target;
    }
    if (m_success) {
        where << QStringLiteral("success = ?");
        if (kind == Database::Kind::Postgres)
            *binds << *m_success;
        else
            *binds << (*m_success ? 1 : 0);
    }
    if (!m_terms.isEmpty()) {
        QStringList parts;
        for (const QString &term : m_terms) {
            const bool prefix = term.endsWith('*');
            const QString word = prefix ? term.chopped(1) : term;
            if (kind == Database::Kind::Postgres)
                parts << (prefix ? word + ":*" : word);
            else
                parts << ('"' + word + '"' + (prefix ? "*" : ""));
        }
        if (kind == Database::Kind::Postgres) {
            where << QStringLiteral("search @@ to_tsquery('simple', ?)");
            *binds << parts.join(" & ");
        } else {
            where << QStringLiteral("seq IN (SELECT rowid FROM audit_fts WHERE audit_fts MATCH ?)");
            *binds << parts.join(' ');
        }
    }
    return where.isEmpty() ? QStringLiteral("1=1") : where.join(QStringLiteral(" AND "));
}

} // namespace gantry
