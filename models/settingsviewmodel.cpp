#include "settingsviewmodel.h"

#include "controlplaneclient.h"
#include "event.h"
#include "settingsdraftwriter.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace gantry {

namespace {

const QByteArray kYaml = "application/yaml";

bool isEmptyValue(const QJsonValue &v)
{
    return v.isNull() || v.isUndefined() || (v.isString() && v.toString().isEmpty());
}

} // namespace

SettingsViewModel::SettingsViewModel(ControlPlaneClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(250);
    connect(&m_validateTimer, &QTimer::timeout, this, &SettingsViewModel::validateNow);
}

void SettingsViewModel::load()
{
    if (!m_schema.isEmpty()) {
        loadSettings();
        return;
    }
    m_client->get(QStringLiteral("/v1/settings/schema"), [this](const ApiResult &r) {
        if (!r.ok()) {
            m_loadError = r.describeError();
            Q_EMIT loadFailed(m_loadError);
            return;
        }
        m_schema = SettingsFormSchema::fromJson(r.json.object());
        loadSettings();
    });
}

void SettingsViewModel::loadSettings()
{
    m_client->get(QStringLiteral("/v1/settings"), [this](const ApiResult &r) {
        if (!r.ok()) {
            m_loadError = r.describeError();
            Q_EMIT loadFailed(m_loadError);
            return;
        }
        m_loadError.clear();
        const QJsonObject o = r.json.object();
        m_version = o.value("version").toInt();
        m_saved = o.value("settings").toObject();
        // An edit that now equals the applied value is no edit any more.
        for (auto it = m_edits.begin(); it != m_edits.end();)
            it = it.value() == savedValue(it.key()) ? m_edits.erase(it) : std::next(it);
        m_loaded = true;
        Q_EMIT loaded();
        Q_EMIT visibilityChanged();
        Q_EMIT dirtyChanged(isDirty());
        if (isDirty())
            scheduleValidation();
    });
}

void SettingsViewModel::setReadOnly(bool readOnly, const QString &reason)
{
    m_readOnlyReason = reason;
    if (m_readOnly == readOnly)
        return;
    m_readOnly = readOnly;
    Q_EMIT readOnlyChanged(readOnly);
}

QJsonValue SettingsViewModel::savedValue(const QString &path) const
{
    return SettingsFormSchema::valueAt(m_saved, path);
}

QJsonValue SettingsViewModel::value(const QString &path) const
{
    const auto it = m_edits.constFind(path);
    return it != m_edits.constEnd() ? it.value() : savedValue(path);
}

bool SettingsViewModel::isEdited(const QString &path) const
{
    return m_edits.contains(path) || m_secretEdits.contains(path);
}

void SettingsViewModel::setValue(const QString &path, const QJsonValue &value)
{
    const SettingsItemSpec *spec = m_schema.item(path);
    if (!spec || spec->secret || this->value(path) == value)
        return;
    const bool wasDirty = isDirty();
    if (value == savedValue(path) || (isEmptyValue(value) && isEmptyValue(savedValue(path))))
        m_edits.remove(path);
    else
        m_edits.insert(path, value);
    Q_EMIT valueChanged(path);
    applyPresets(*spec, value);
    Q_EMIT visibilityChanged();
    if (wasDirty != isDirty())
        Q_EMIT dirtyChanged(isDirty());
    scheduleValidation();
}

void SettingsViewModel::applyPresets(const SettingsItemSpec &spec, const QJsonValue &value)
{
    // Choosing "Active Directory" fills the attribute fields with AD's names, as the guide's
    // console does; the admin can still change them afterwards.
    const QJsonObject preset = spec.presets.value(value.toString()).toObject();
    for (auto it = preset.begin(); it != preset.end(); ++it) {
        const QString path = spec.group + QLatin1Char('.') + it.key();
        if (m_schema.item(path))
            setValue(path, it.value());
    }
}

SettingsViewModel::SecretState SettingsViewModel::secretState(const QString &path) const
{
    const auto it = m_secretEdits.constFind(path);
    if (it != m_secretEdits.constEnd())
        return it.value().isNull() ? SecretState::WillClear : SecretState::WillSet;
    return savedValue(path).toObject().value("set").toBool() ? SecretState::Set
                                                             : SecretState::Unset;
}

void SettingsViewModel::setSecret(const QString &path, const QString &value)
{
    if (value.isEmpty()) {
        keepSecret(path);
        return;
    }
    const bool wasDirty = isDirty();
    m_secretEdits.insert(path, value);
    Q_EMIT valueChanged(path);
    if (wasDirty != isDirty())
        Q_EMIT dirtyChanged(isDirty());
    scheduleValidation();
}

void SettingsViewModel::clearSecret(const QString &path)
{
    const bool wasDirty = isDirty();
    if (savedValue(path).toObject().value("set").toBool())
        m_secretEdits.insert(path, QJsonValue(QJsonValue::Null));
    else
        m_secretEdits.remove(path);
    Q_EMIT valueChanged(path);
    if (wasDirty != isDirty())
        Q_EMIT dirtyChanged(isDirty());
    scheduleValidation();
}

void SettingsViewModel::keepSecret(const QString &path)
{
    if (!m_secretEdits.remove(path))
        return;
    Q_EMIT valueChanged(path);
    Q_EMIT dirtyChanged(isDirty());
    scheduleValidation();
}

bool SettingsViewModel::isShown(const QString &path) const
{
    return m_schema.isShown(path, [this](const QString &p) { return value(p); });
}

bool SettingsViewModel::isRequired(const QString &path) const
{
    const SettingsItemSpec *spec = m_schema.item(path);
    return spec && spec->required && isShown(path);
}

bool SettingsViewModel::isLocked(const QString &path, QString *why) const
{
    const SettingsItemSpec *spec = m_schema.item(path);
    if (!spec || !spec->writeOnce || m_version < 1)
        return false;
    if (why)
        *why = tr("%1 cannot change after the first apply: it was set when version 1 was "
                  "applied, and changing it later corrupts the installation.")
                   .arg(spec->translatedLabel());
    return true;
}

QList<SettingsChange> SettingsViewModel::changes() const
{
    QList<SettingsChange> out;
    for (const QString &path : m_schema.paths()) {
        const SettingsItemSpec *spec = m_schema.item(path);
        if (spec->secret) {
            const auto it = m_secretEdits.constFind(path);
            if (it == m_secretEdits.constEnd())
                continue;
            const bool wasSet = savedValue(path).toObject().value("set").toBool();
            out.append({path, spec->translatedLabel(), wasSet ? tr("set") : tr("not set"),
                        it.value().isNull() ? tr("cleared") : tr("changed"), true});
        } else if (m_edits.contains(path)) {
            out.append({path, spec->translatedLabel(),
                        SettingsFormSchema::displayText(savedValue(path)),
                        SettingsFormSchema::displayText(m_edits.value(path)), false});
        }
    }
    return out;
}

QByteArray SettingsViewModel::draftYaml() const
{
    QJsonObject nested;
    for (const QString &path : m_schema.paths()) {
        const SettingsItemSpec *spec = m_schema.item(path);
        if (spec->secret) {
            const auto it = m_secretEdits.constFind(path);
            if (it != m_secretEdits.constEnd())
                SettingsFormSchema::setValueAt(nested, path, it.value());
            else if (savedValue(path).toObject().value("set").toBool())
                SettingsFormSchema::setValueAt(nested, path, QJsonObject{{"set", true}});
            continue;
        }
        const QJsonValue v = value(path);
        if (v.isNull() || v.isUndefined())
            continue;
        SettingsFormSchema::setValueAt(nested, path, v);
    }
    return SettingsDraftWriter::toYaml(nested);
}

QJsonObject SettingsViewModel::fragment(const QStringList &groups) const
{
    QJsonObject nested;
    for (const QString &group : groups) {
        const SettingsGroupSpec *g = m_schema.group(group);
        if (!g)
            continue;
        for (const SettingsItemSpec &spec : g->items) {
            if (spec.secret) {
                const auto it = m_secretEdits.constFind(spec.path);
                if (it != m_secretEdits.constEnd())
                    SettingsFormSchema::setValueAt(nested, spec.path,
                                                   it.value().isNull() ? QJsonValue(QString())
                                                                       : it.value());
                else if (savedValue(spec.path).toObject().value("set").toBool())
                    SettingsFormSchema::setValueAt(nested, spec.path, QJsonObject{{"set", true}});
                continue;
            }
            const QJsonValue v = value(spec.path);
            if (!v.isNull() && !v.isUndefined())
                SettingsFormSchema::setValueAt(nested, spec.path, v);
        }
    }
    return nested;
}

int SettingsViewModel::problemCount() const
{
    int n = int(m_generalErrors.size());
    for (const QStringList &messages : m_errors)
        n += int(messages.size());
    return n;
}

QStringList SettingsViewModel::failingPaths() const
{
    QStringList out;
    for (const QString &path : m_schema.paths())
        if (m_errors.contains(path))
            out << path;
    // Errors on paths the schema does not know (a map entry: "customizations.extra_env.X").
    for (auto it = m_errors.begin(); it != m_errors.end(); ++it)
        if (!out.contains(it.key()))
            out << it.key();
    return out;
}

void SettingsViewModel::setErrors(const QList<FieldError> &errors)
{
    m_errors.clear();
    m_generalErrors.clear();
    for (const FieldError &e : errors) {
        // The draft is YAML this model wrote: "(line 13, column 3)" in it means nothing to the
        // admin, who never saw that text.
        static const QRegularExpression position(QStringLiteral(R"( \(line \d+, column \d+\)$)"));
        const QString message = QString(e.message).remove(position);
        if (e.field.isEmpty()) {
            m_generalErrors << message;
            continue;
        }
        // A map or list entry's error belongs to its item ("customizations.extra_env.lower").
        QString path = e.field;
        while (!m_schema.item(path) && path.contains(QLatin1Char('.')))
            path = path.section(QLatin1Char('.'), 0, -2);
        m_errors[m_schema.item(path) ? path : e.field] << message;
    }
    Q_EMIT errorsChanged();
}

void SettingsViewModel::scheduleValidation()
{
    m_validateTimer.start();
}

void SettingsViewModel::validateNow()
{
    m_validateTimer.stop();
    const quint64 generation = ++m_validateGeneration;
    Q_EMIT validating(true);
    m_client->request(
        "POST", QStringLiteral("/v1/settings/validate"), draftYaml(),
        [this, generation](const ApiResult &r) {
            if (generation != m_validateGeneration)
                return; // a newer edit has its own validation on the way
            Q_EMIT validating(false);
            if (!r.ok()) {
                setErrors({{QString(), r.describeError()}});
                return;
            }
            QList<FieldError> errors;
            for (const QJsonValue &e : r.json.object().value("errors").toArray())
                errors.append({e.toObject().value("field").toString(),
                               e.toObject().value("message").toString()});
            setErrors(errors);
        },
        kYaml);
}

void SettingsViewModel::discard()
{
    if (!isDirty())
        return;
    const QStringList paths = m_edits.keys() + m_secretEdits.keys();
    m_edits.clear();
    m_secretEdits.clear();
    ++m_validateGeneration;
    m_validateTimer.stop();
    for (const QString &path : paths)
        Q_EMIT valueChanged(path);
    Q_EMIT visibilityChanged();
    Q_EMIT dirtyChanged(false);
    setErrors({});
}

void SettingsViewModel::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void SettingsViewModel::stageAndApply()
{
    if (m_busy || m_readOnly)
        return;
    setBusy(true);
    m_validateTimer.stop();
    ++m_validateGeneration;
    Q_EMIT applyProgress(tr("Sending the draft to gantryd…"));
    m_client->request(
        "PUT", QStringLiteral("/v1/settings"), draftYaml(),
        [this](const ApiResult &r) {
            if (!r.ok()) {
                setBusy(false);
                setErrors(r.error.fields);
                if (r.httpStatus == 409)
                    Q_EMIT applyFailed(
                        tr("%1 Reload to see the settings applied since version %2; your "
                           "unsaved values are kept.")
                            .arg(r.error.message.isEmpty() ? r.describeError() : r.error.message)
                            .arg(m_version));
                else
                    Q_EMIT applyFailed(r.error.message.isEmpty() ? r.describeError()
                                                                 : r.error.message);
                return;
            }
            apply();
        },
        kYaml, {{"If-Match", '"' + QByteArray::number(m_version) + '"'}});
}

void SettingsViewModel::apply()
{
    Q_EMIT applyProgress(
        tr("Applying: writing version %1 and its rendered files…").arg(m_version + 1));
    m_applying = true;
    m_client->request("POST", QStringLiteral("/v1/settings/apply"), {}, [this](const ApiResult &r) {
        m_applying = false;
        setBusy(false);
        if (!r.ok()) {
            setErrors(r.error.fields);
            Q_EMIT applyFailed(r.error.message.isEmpty() ? r.describeError() : r.error.message);
            return;
        }
        const QJsonObject o = r.json.object();
        m_edits.clear();
        m_secretEdits.clear();
        setErrors({});
        Q_EMIT applied(o.value("version").toInt(), o.value("restart_required").toBool());
        loadSettings();
    });
}

void SettingsViewModel::handleEvent(const Event &event)
{
    if (event.topic != QLatin1String("Settings"))
        return;
    if (event.type != QLatin1String("applied") && event.type != QLatin1String("rolled_back"))
        return;
    const int version = event.payload.value("version").toInt();
    if (m_applying || version <= m_version)
        return;
    Q_EMIT changedElsewhere(version);
    loadSettings();
}

} // namespace gantry
