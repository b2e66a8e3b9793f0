#include "settingsstore.h"

#include "audit/auditsink.h"
#include "draftparser.h"
#include "protocol/atomicfile.h"
#include "protocol/auditevent.h"
#include "renderer.h"
#include "renderers.h"
#include "secretbox.h"
#include "settingsvalidator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace gantry {

namespace {

constexpr auto kPrivate = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto kPublic = kPrivate | QFileDevice::ReadGroup | QFileDevice::ReadOther;

// Makes a rename or a new file in `dir` durable.
void syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Points `link` at `target` by renaming a fresh symlink over it: atomic for readers.
QString replaceSymlink(const QString &target, const QString &link)
{
    const QByteArray tmp = QFile::encodeName(link + QStringLiteral(".tmp"));
    ::unlink(tmp.constData());
    if (::symlink(QFile::encodeName(target).constData(), tmp.constData()) != 0)
        return QStringLiteral("cannot create %1: %2").arg(link, errnoText());
    if (::rename(tmp.constData(), QFile::encodeName(link).constData()) != 0)
        return QStringLiteral("cannot switch %1: %2").arg(link, errnoText());
    return {};
}

QJsonArray diffDocuments(const SettingsSchema &schema, const SettingsDocument &a,
                         const SettingsDocument &b)
{
    QJsonArray entries;
    for (const SchemaItem *item : schema.items()) {
        const QJsonValue from = a.effective(*item);
        const QJsonValue to = b.effective(*item);
        if (from == to)
            continue;
        if (item->secret) {
            // Never the value: whether it is set in each version, as GET /v1/settings says.
            const auto isSet = [](const QJsonValue &v) { return !v.toString().isEmpty(); };
            entries.append(QJsonObject{{"path", item->path},
                                       {"secret", true},
                                       {"changed", true},
                                       {"from", QJsonObject{{"set", isSet(from)}}},
                                       {"to", QJsonObject{{"set", isSet(to)}}}});
            continue;
        }
        entries.append(QJsonObject{{"path", item->path},
                                   {"from", from.isUndefined() ? QJsonValue() : from},
                                   {"to", to.isUndefined() ? QJsonValue() : to}});
    }
    return entries;
}

QStringList changedPaths(const QJsonArray &diff)
{
    QStringList paths;
    for (const auto &entry : diff)
        paths.append(entry.toObject().value("path").toString());
    return paths;
}

} // namespace

SettingsStore::SettingsStore(const QString &dataDir, const SettingsSchema &schema,
                             const SecretKey &key, AuditSink *audit)
    : m_dataDir(dataDir)
    , m_schema(schema)
    , m_key(key)
    , m_audit(audit)
{}

QString SettingsStore::open()
{
    const QMutexLocker lock(&m_mutex);
    m_current = readCurrentVersion();
    m_currentDocument = {};
    m_staged.reset();
    QString why;
    if (m_current > 0) {
        const auto document = load(m_current, &why);
        if (!document)
            return why;
        m_currentDocument = *document;
    }
    // A staged draft survives restarts; one that cannot be read is dropped, not fatal.
    const QString staged = m_dataDir + QStringLiteral("/staged");
    if (!QFile::symLinkTarget(staged).isEmpty()) {
        QFile meta(staged + QStringLiteral("/meta.json"));
        const auto document = loadDir(staged, QStringLiteral("the staged draft"), &why);
        if (document && meta.open(QIODevice::ReadOnly))
            m_staged =
                Staged{*document, QJsonDocument::fromJson(meta.readAll())["base_version"].toInt()};
        else
            removeStaged();
    }
    return {};
}

QString SettingsStore::persistStaged(const Staged &staged) const
{
    // A fresh directory, then one symlink switch: a reader sees the old draft or the new one.
    const QString old = QFile::symLinkTarget(m_dataDir + QStringLiteral("/staged"));
    const QString name = QStringLiteral("staged.%1").arg(QDateTime::currentMSecsSinceEpoch());
    QString why = writeDir(m_dataDir + u'/' + name, staged.document,
                           QJsonObject{{"base_version", staged.base}});
    if (why.isEmpty())
        why = replaceSymlink(name, m_dataDir + QStringLiteral("/staged"));
    if (!why.isEmpty())
        return why;
    if (!old.isEmpty() && QFileInfo(old).fileName() != name)
        QDir(old).removeRecursively();
    return {};
}

void SettingsStore::removeStaged() const
{
    const QString link = m_dataDir + QStringLiteral("/staged");
    const QString target = QFile::symLinkTarget(link);
    QFile::remove(link);
    if (!target.isEmpty())
        QDir(target).removeRecursively();
}

QString SettingsStore::versionDir(int version) const
{
    return QStringLiteral("%1/versions/%2").arg(m_dataDir).arg(version);
}

QString SettingsStore::renderedDir(int version) const
{
    return QStringLiteral("%1/rendered/%2").arg(m_dataDir).arg(version);
}

int SettingsStore::readCurrentVersion() const
{
    const QString target = QFile::symLinkTarget(m_dataDir + QStringLiteral("/current"));
    if (target.isEmpty())
        return 0;
    bool ok = false;
    const int version = QFileInfo(target).fileName().toInt(&ok);
    return ok ? version : 0;
}

std::optional<SettingsDocument> SettingsStore::load(int version, QString *error) const
{
    return loadDir(versionDir(version), QStringLiteral("settings version %1").arg(version), error);
}

std::optional<SettingsDocument> SettingsStore::loadDir(const QString &dir, const QString &what,
                                                       QString *error) const
{
    QFile yaml(dir + QStringLiteral("/settings.yaml"));
    QFile secrets(dir + QStringLiteral("/secrets.json"));
    if (!yaml.open(QIODevice::ReadOnly) || !secrets.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 is incomplete in %2").arg(what, dir);
        return std::nullopt;
    }
    const SettingsDraft draft = DraftParser::parse(m_schema, yaml.readAll());
    if (!draft.ok()) {
        *error = QStringLiteral("%1 is damaged: %2").arg(what, draft.errors.first().message);
        return std::nullopt;
    }
    SettingsDocument document = DraftParser::resolve(draft, {});
    const QJsonObject sealed = QJsonDocument::fromJson(secrets.readAll()).object();
    const SecretBox box(m_key);
    for (auto it = sealed.begin(); it != sealed.end(); ++it) {
        QString why;
        const auto plain = box.open(it.value().toString().toLatin1(), it.key().toUtf8(), &why);
        if (!plain) {
            *error = QStringLiteral("cannot decrypt %1 of %2 (is this the data dir's key?): %3")
                         .arg(it.key(), what, why);
            return std::nullopt;
        }
        document.setSecret(it.key(), QString::fromUtf8(*plain));
    }
    return document;
}

std::optional<SettingsVersionInfo> SettingsStore::meta(int version) const
{
    QFile file(versionDir(version) + QStringLiteral("/meta.json"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return SettingsVersionInfo::fromJson(QJsonDocument::fromJson(file.readAll()).object());
}

int SettingsStore::currentVersion() const
{
    const QMutexLocker lock(&m_mutex);
    return m_current;
}

SettingsDocument SettingsStore::current() const
{
    const QMutexLocker lock(&m_mutex);
    return m_currentDocument;
}

QJsonObject SettingsStore::currentForApi() const
{
    const QMutexLocker lock(&m_mutex);
    return QJsonObject{{"version", m_current}, {"settings", m_currentDocument.toApiJson(m_schema)}};
}

QList<FieldError> SettingsStore::writeOnceErrors(const SettingsDocument &next) const
{
    QList<FieldError> errors;
    if (m_current == 0)
        return errors; // the first apply sets them
    for (const SchemaItem *item : m_schema.items()) {
        if (!item->writeOnce)
            continue;
        const QJsonValue before = m_currentDocument.effective(*item);
        const QJsonValue after = next.effective(*item);
        if (SettingsDocument::isEmptyValue(before) || before == after)
            continue;
        errors.append(
            {item->path, QStringLiteral("%1: cannot change after the first apply (the installation "
                                        "is bound to it; the guide says it cannot be changed once "
                                        "set up); expected the applied value %2")
                             .arg(item->path, item->secret ? QStringLiteral("(secret)")
                                                           : before.toVariant().toString())});
    }
    return errors;
}

QList<FieldError> SettingsStore::draftErrors(const QByteArray &draftYaml,
                                             SettingsDocument *resolved) const
{
    const SettingsDraft draft = DraftParser::parse(m_schema, draftYaml);
    if (!draft.ok())
        return draft.errors; // later checks would only repeat these as missing values
    *resolved = DraftParser::resolve(draft, m_currentDocument);
    QList<FieldError> errors = SettingsValidator::validate(m_schema, *resolved, &draft);
    errors += writeOnceErrors(*resolved);
    return errors;
}

QList<FieldError> SettingsStore::validate(const QByteArray &draftYaml) const
{
    const QMutexLocker lock(&m_mutex);
    SettingsDocument resolved;
    return draftErrors(draftYaml, &resolved);
}

SettingsResult SettingsStore::stage(const QByteArray &draftYaml, int ifMatchVersion)
{
    const QMutexLocker lock(&m_mutex);
    if (ifMatchVersion != kAnyVersion && ifMatchVersion != m_current)
        return SettingsResult::failure(
            SettingsStatus::Conflict, m_current,
            QStringLiteral("the draft is based on version %1 but version %2 is current; reload "
                           "the settings and make the change again")
                .arg(ifMatchVersion)
                .arg(m_current));
    SettingsDocument resolved;
    const QList<FieldError> errors = draftErrors(draftYaml, &resolved);
    if (!errors.isEmpty())
        return SettingsResult::failure(
            SettingsStatus::Invalid, m_current,
            QStringLiteral("the draft has %1 error(s)").arg(errors.size()), errors);
    const Staged staged{resolved, m_current};
    const QString why = persistStaged(staged);
    if (!why.isEmpty())
        return SettingsResult::failure(SettingsStatus::Failed, m_current, why);
    m_staged = staged;
    return SettingsResult::success(m_current);
}

bool SettingsStore::hasStaged() const
{
    const QMutexLocker lock(&m_mutex);
    return m_staged.has_value();
}

std::optional<QJsonObject> SettingsStore::stagedForApi() const
{
    const QMutexLocker lock(&m_mutex);
    if (!m_staged)
        return std::nullopt;
    return QJsonObject{{"base_version", m_staged->base},
                       {"settings", m_staged->document.toApiJson(m_schema)},
                       {"changes", diffDocuments(m_schema, m_currentDocument, m_staged->document)}};
}

void SettingsStore::discardStaged()
{
    const QMutexLocker lock(&m_mutex);
    m_staged.reset();
    removeStaged();
}

SettingsResult SettingsStore::apply(const QString &actor)
{
    const QMutexLocker lock(&m_mutex);
    if (!m_staged)
        return SettingsResult::failure(SettingsStatus::Invalid, m_current,
                                       QStringLiteral("nothing is staged: send a draft first"));
    if (m_staged->base != m_current)
        return SettingsResult::failure(
            SettingsStatus::Conflict, m_current,
            QStringLiteral("the staged draft is based on version %1 but version %2 is current; "
                           "stage it again")
                .arg(m_staged->base)
                .arg(m_current));
    const SettingsDocument next = m_staged->document;
    QList<FieldError> errors = SettingsValidator::validate(m_schema, next);
    errors += writeOnceErrors(next);
    const SchemaItem *agreed = m_schema.item(QStringLiteral("license.agreed"));
    if (agreed && !next.effective(*agreed).toBool())
        errors.append({agreed->path, QStringLiteral("license.agreed: the license agreement must "
                                                    "be accepted before settings are applied; "
                                                    "expected true")});
    if (!errors.isEmpty()) {
        audit(QStringLiteral("settings.update"), actor, m_current, false,
              QJsonObject{{"error", QStringLiteral("validation_failed")},
                          {"fields", [&errors] {
                               QJsonArray fields;
                               for (const auto &e : errors)
                                   fields.append(e.field);
                               return fields;
                           }()}});
        return SettingsResult::failure(SettingsStatus::Invalid, m_current,
                                       QStringLiteral("the settings cannot be applied"), errors);
    }
    const SettingsResult result = commit(next, actor, QStringLiteral("update"), 0);
    if (result.ok()) {
        m_staged.reset();
        removeStaged();
    }
    return result;
}

SettingsResult SettingsStore::rollback(int version, const QString &actor)
{
    const QMutexLocker lock(&m_mutex);
    if (version < 1 || version > m_current)
        return SettingsResult::failure(SettingsStatus::NotFound, m_current,
                                       QStringLiteral("there is no settings version %1; versions "
                                                      "are 1 to %2")
                                           .arg(version)
                                           .arg(m_current));
    QString why;
    const auto target = load(version, &why);
    if (!target)
        return SettingsResult::failure(SettingsStatus::Failed, m_current, why);
    const QList<FieldError> errors = writeOnceErrors(*target);
    if (!errors.isEmpty()) {
        audit(QStringLiteral("settings.rollback"), actor, m_current, false,
              QJsonObject{{"rolled_back_to", version}, {"error", errors.first().message}});
        return SettingsResult::failure(SettingsStatus::Invalid, m_current,
                                       QStringLiteral("version %1 cannot be restored").arg(version),
                                       errors);
    }
    return commit(*target, actor, QStringLiteral("rollback"), version);
}

SettingsResult SettingsStore::commit(const SettingsDocument &next, const QString &actor,
                                     const QString &action, int rolledBackTo)
{
    const int version = m_current + 1;
    SettingsVersionInfo info;
    info.version = version;
    info.time = QDateTime::currentDateTimeUtc();
    info.actor = actor;
    info.action = action;
    info.rolledBackTo = rolledBackTo;
    info.changedPaths = changedPaths(diffDocuments(m_schema, m_currentDocument, next));
    const QString auditAction = QStringLiteral("settings.") + action;
    auto fail = [&](const QString &why) {
        audit(auditAction, actor, m_current, false, QJsonObject{{"error", why}});
        return SettingsResult::failure(SettingsStatus::Failed, m_current, why);
    };
    if (!step(QStringLiteral("write_version")))
        return fail(QStringLiteral("apply interrupted before writing the version"));
    QString why = writeVersion(version, next, info);
    if (!why.isEmpty())
        return fail(why);
    if (!step(QStringLiteral("write_rendered")))
        return fail(QStringLiteral("apply interrupted before rendering"));
    why = writeRendered(version, next);
    if (!why.isEmpty())
        return fail(why);
    if (!step(QStringLiteral("link")))
        return fail(QStringLiteral("apply interrupted before linking"));
    for (const QString &name : {QStringLiteral("settings.yaml"), QStringLiteral("secrets.json")}) {
        const QString link = m_dataDir + u'/' + name;
        if (QFile::symLinkTarget(link).isEmpty()) {
            why = replaceSymlink(QStringLiteral("current/") + name, link);
            if (!why.isEmpty())
                return fail(why);
        }
    }
    if (!step(QStringLiteral("switch_current")))
        return fail(QStringLiteral("apply interrupted before switching to the new version"));
    why = switchCurrent(version);
    if (!why.isEmpty())
        return fail(why);
    m_current = version;
    m_currentDocument = next;
    QJsonObject payload{{"version", version},
                        {"changed_paths", QJsonArray::fromStringList(info.changedPaths)}};
    if (rolledBackTo > 0)
        payload.insert("rolled_back_to", rolledBackTo);
    audit(auditAction, actor, version, true, payload);
    return SettingsResult::success(version);
}

QString SettingsStore::writeVersion(int version, const SettingsDocument &document,
                                    const SettingsVersionInfo &info) const
{
    return writeDir(versionDir(version), document, info.toJson());
}

QString SettingsStore::writeDir(const QString &dir, const SettingsDocument &document,
                                const QJsonObject &meta) const
{
    // Leftovers of an apply that died before its switch were never current: replace them.
    QDir(dir).removeRecursively();
    if (!QDir().mkpath(dir))
        return QStringLiteral("cannot create %1").arg(dir);
    QFile::setPermissions(dir, kPrivate | QFileDevice::ExeOwner);
    QJsonObject sealed;
    const SecretBox box(m_key);
    for (auto it = document.secrets().begin(); it != document.secrets().end(); ++it) {
        const QByteArray s = box.seal(it.value().toUtf8(), it.key().toUtf8());
        if (s.isEmpty())
            return QStringLiteral("cannot encrypt %1").arg(it.key());
        sealed.insert(it.key(), QString::fromLatin1(s));
    }
    for (const auto &[name, data] :
         {std::pair{QStringLiteral("settings.yaml"), document.toYaml(m_schema)},
          std::pair{QStringLiteral("secrets.json"), QJsonDocument(sealed).toJson()},
          std::pair{QStringLiteral("meta.json"), QJsonDocument(meta).toJson()}}) {
        const QString why = AtomicFile::write(dir + u'/' + name, data, kPrivate);
        if (!why.isEmpty())
            return why;
    }
    syncDirectory(dir);
    syncDirectory(QFileInfo(dir).path());
    return {};
}

QString SettingsStore::writeRendered(int version, const SettingsDocument &document) const
{
    const QString dir = renderedDir(version);
    QDir(dir).removeRecursively();
    if (!QDir().mkpath(dir))
        return QStringLiteral("cannot create %1").arg(dir);
    const RenderContext context(m_schema, document, version);
    QStringList dirs{dir};
    for (const RenderedFile &file : Renderers::renderAll(context)) {
        const QString path = dir + u'/' + file.path;
        const QString parent = QFileInfo(path).path();
        if (!QDir().mkpath(parent))
            return QStringLiteral("cannot create %1").arg(parent);
        if (!dirs.contains(parent))
            dirs.append(parent);
        const QString why = AtomicFile::write(path, file.content, file.secret ? kPrivate : kPublic);
        if (!why.isEmpty())
            return why;
    }
    for (const QString &d : dirs)
        syncDirectory(d);
    syncDirectory(QFileInfo(dir).path());
    return {};
}

QString SettingsStore::switchCurrent(int version) const
{
    const QString why = replaceSymlink(QStringLiteral("versions/%1").arg(version),
                                       m_dataDir + QStringLiteral("/current"));
    if (why.isEmpty())
        syncDirectory(m_dataDir);
    return why;
}

void SettingsStore::audit(const QString &action, const QString &actor, int version, bool success,
                          const QJsonObject &payload) const
{
    if (!m_audit)
        return;
    m_audit->record(AuditEvent::make(action,
                                     AuditEvent::entity(QStringLiteral("user"), actor, actor),
                                     auditTarget(version), payload, success));
}

QJsonObject SettingsStore::auditTarget(int version)
{
    return AuditEvent::entity(QStringLiteral("settings"), QString::number(version),
                              QStringLiteral("settings version %1").arg(version));
}

QByteArray SettingsStore::exportYaml(bool includeSecrets) const
{
    const QMutexLocker lock(&m_mutex);
    return m_currentDocument.toDraftYaml(m_schema, includeSecrets);
}

QList<SettingsVersionInfo> SettingsStore::history() const
{
    const QMutexLocker lock(&m_mutex);
    QList<SettingsVersionInfo> list;
    // Only versions up to `current`: a higher one is the leftover of an interrupted apply.
    for (int v = m_current; v >= 1; --v) {
        if (const auto info = meta(v))
            list.append(*info);
    }
    return list;
}

std::optional<QJsonObject> SettingsStore::version(int version) const
{
    const QMutexLocker lock(&m_mutex);
    if (version < 1 || version > m_current)
        return std::nullopt;
    QString why;
    const auto document = load(version, &why);
    const auto info = meta(version);
    if (!document || !info)
        return std::nullopt;
    QJsonObject o = info->toJson();
    o.insert("settings", document->toApiJson(m_schema));
    return o;
}

std::optional<QJsonArray> SettingsStore::diff(int from, int to) const
{
    const QMutexLocker lock(&m_mutex);
    auto get = [this](int v) -> std::optional<SettingsDocument> {
        if (v == 0)
            return SettingsDocument();
        if (v < 0 || v > m_current)
            return std::nullopt;
        QString why;
        return load(v, &why);
    };
    const auto a = get(from);
    const auto b = get(to);
    if (!a || !b)
        return std::nullopt;
    return diffDocuments(m_schema, *a, *b);
}

} // namespace gantry
