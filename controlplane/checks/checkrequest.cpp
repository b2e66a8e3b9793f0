#include "checkrequest.h"

#include "settings/draftparser.h"
#include "settings/settingsdocument.h"
#include "settings/settingsschema.h"
#include "settings/settingsvalidator.h"
#include "settings/validators.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>

namespace gantry {

namespace {

const QString kSettingsYaml = QStringLiteral("settings_yaml");

// A JSON value as a problem names it; never the value itself, which may be a secret.
QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

bool isWhole(const QJsonValue &value)
{
    const double d = value.toDouble();
    return value.isDouble() && std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15;
}

bool isKeepMarker(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    return value.isObject() && o.size() == 1 && o.value(QStringLiteral("set")).isBool();
}

QString expectedType(const SchemaItem &item)
{
    if (item.secret)
        return QStringLiteral("the secret as a string, {\"set\": true} for the saved one, or null");
    switch (item.type) {
    case ItemType::Bool:
        return QStringLiteral("true or false");
    case ItemType::Integer:
        return item.min && item.max
                   ? QStringLiteral("a whole number from %1 to %2").arg(*item.min).arg(*item.max)
                   : QStringLiteral("a whole number");
    case ItemType::List:
        return QStringLiteral("a list of strings, e.g. [\"a\", \"b\"]");
    case ItemType::Map:
        return QStringLiteral("an object of strings, e.g. {\"NAME\": \"value\"}");
    case ItemType::SelectOne: {
        QStringList values;
        for (const QJsonValue &option : item.options)
            values.append(option.toObject().value(QStringLiteral("value")).toString());
        return QStringLiteral("a string, one of: %1").arg(values.join(", "));
    }
    default:
        break;
    }
    return item.validator.isEmpty()
               ? QStringLiteral("a string")
               : QStringLiteral("a string, %1").arg(Validators::expectedForm(item.validator));
}

bool isCovered(const QStringList &paths, const QString &path)
{
    for (const QString &p : paths) {
        if (path == p || path.startsWith(p + u'.'))
            return true;
    }
    return false;
}

QStringList itemNamesUnder(const SettingsSchema &schema, const QString &prefix)
{
    QStringList names;
    for (const SchemaItem *item : schema.items()) {
        if (item->path.startsWith(prefix)) {
            const QString first = item->path.mid(prefix.size()).section(u'.', 0, 0);
            if (!names.contains(first))
                names.append(first);
        }
    }
    return names;
}

} // namespace

CheckRequest::CheckRequest(const QByteArray &body, const QString &example)
    : m_example(example)
{
    if (body.trimmed().isEmpty()) {
        m_bodyProblem = QStringLiteral("the body is empty");
        return;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (document.isObject()) {
        m_body = document.object();
    } else if (document.isArray()) {
        m_bodyProblem = QStringLiteral("the body is a JSON array, not an object");
    } else if (const QJsonDocument scalar = QJsonDocument::fromJson('[' + body + ']');
               scalar.isArray() && scalar.array().size() == 1) {
        const QJsonValue v = scalar.array().first();
        m_bodyProblem = QStringLiteral("the body is a JSON %1, not an object")
                            .arg(v.isString()   ? QStringLiteral("string")
                                 : v.isDouble() ? QStringLiteral("number")
                                 : v.isBool()   ? QStringLiteral("boolean")
                                                : QStringLiteral("null"));
    } else {
        m_bodyProblem = QStringLiteral("the body is not valid JSON (%1 at offset %2)")
                            .arg(error.errorString())
                            .arg(error.offset);
    }
}

ApiResponse CheckRequest::refusal() const
{
    if (!isObject()) {
        const QString message =
            QStringLiteral("%1; expected a JSON object such as %2").arg(m_bodyProblem, m_example);
        return ApiResponse::error(400, QStringLiteral("invalid_body"), message,
                                  {{QStringLiteral("body"), message}});
    }
    QStringList fields;
    for (const FieldError &e : m_errors) {
        if (!fields.contains(e.field))
            fields.append(e.field);
    }
    return ApiResponse::error(
        400, QStringLiteral("validation_failed"),
        QStringLiteral("%1 field(s) need attention: %2").arg(fields.size()).arg(fields.join(", ")),
        m_errors);
}

void CheckRequest::addError(const QString &field, const QString &message)
{
    const QString name = fieldName(field);
    QString text = message;
    for (const QString &prefix : {field + QStringLiteral(": "), name + QStringLiteral(": ")}) {
        if (text.startsWith(prefix))
            text = text.mid(prefix.size());
    }
    const FieldError error{name, text};
    if (!m_errors.contains(error))
        m_errors.append(error);
}

QString CheckRequest::fieldName(const QString &path) const
{
    for (auto it = m_flatNames.cbegin(); it != m_flatNames.cend(); ++it) {
        if (path == it.key() || path.startsWith(it.key() + u'['))
            return it.value() + path.mid(it.key().size());
    }
    return path;
}

QString CheckRequest::text(const QString &name, Need need, const QString &expected, bool trim)
{
    const QJsonValue value = m_body.value(name);
    if (value.isUndefined() || value.isNull() ||
        (value.isString() && (trim ? value.toString().trimmed() : value.toString()).isEmpty())) {
        if (need == Need::Required)
            addError(name, QStringLiteral("is %1; expected %2")
                               .arg(value.isString() ? QStringLiteral("empty") : describe(value),
                                    expected));
        return {};
    }
    if (!value.isString()) {
        addError(name, QStringLiteral("is %1; expected %2").arg(describe(value), expected));
        return {};
    }
    return trim ? value.toString().trimmed() : value.toString();
}

QString CheckRequest::formText(const QString &name, Need need, const QString &validator)
{
    const QString value = text(name, need, Validators::expectedForm(validator));
    if (value.isEmpty())
        return {};
    const QString problem = Validators::check(validator, name, value);
    if (!problem.isEmpty()) {
        addError(name, problem);
        return {};
    }
    return value;
}

qint64 CheckRequest::wholeNumber(const QString &name, qint64 min, qint64 max, qint64 fallback,
                                 const QString &example)
{
    const QJsonValue value = m_body.value(name);
    if (value.isUndefined() || value.isNull())
        return fallback;
    const QString expected =
        QStringLiteral("a whole number from %1 to %2, e.g. %3").arg(min).arg(max).arg(example);
    if (!isWhole(value)) {
        addError(name,
                 QStringLiteral("is %1; expected %2")
                     .arg(value.isDouble() ? QStringLiteral("not a whole number") : describe(value),
                          expected));
        return fallback;
    }
    const qint64 n = qint64(value.toDouble());
    if (n < min || n > max) {
        addError(name, QStringLiteral("%1 is out of range; expected %2").arg(n).arg(expected));
        return fallback;
    }
    return n;
}

QJsonValue CheckRequest::typed(const SchemaItem &item, const QJsonValue &value)
{
    auto wrong = [&](const QString &field, const QJsonValue &got, const QString &expected) {
        addError(field, QStringLiteral("is %1; expected %2").arg(describe(got), expected));
        return QJsonValue(QJsonValue::Null);
    };
    if (value.isNull() || value.isUndefined())
        return QJsonValue::Null;
    if (item.secret)
        return value.isString() || isKeepMarker(value)
                   ? value
                   : wrong(item.path, value, expectedType(item));
    switch (item.type) {
    case ItemType::Bool:
        return value.isBool() ? value : wrong(item.path, value, expectedType(item));
    case ItemType::Integer:
        return isWhole(value) ? value : wrong(item.path, value, expectedType(item));
    case ItemType::List: {
        if (value.isString()) { // "a, b": the comma-separated form of a list
            QJsonArray entries;
            for (const QString &part : value.toString().split(u',', Qt::SkipEmptyParts)) {
                if (!part.trimmed().isEmpty())
                    entries.append(part.trimmed());
            }
            return entries;
        }
        if (!value.isArray())
            return wrong(item.path, value, expectedType(item));
        const QJsonArray entries = value.toArray();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (!entries.at(i).isString())
                return wrong(QStringLiteral("%1[%2]").arg(item.path).arg(i), entries.at(i),
                             QStringLiteral("a string"));
        }
        return value;
    }
    case ItemType::Map: {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!it.value().isString())
                return wrong(item.path + u'.' + it.key(), it.value(), QStringLiteral("a string"));
        }
        return value.isObject() ? value : wrong(item.path, value, expectedType(item));
    }
    default:
        break;
    }
    return value.isString() ? value : wrong(item.path, value, expectedType(item));
}

void CheckRequest::readGroup(const SettingsSchema &schema, const QString &prefix,
                             const QJsonValue &value, QMap<QString, QJsonValue> *given)
{
    if (value.isNull())
        return;
    if (!value.isObject()) {
        addError(prefix, QStringLiteral("is %1; expected an object of %2 settings (%3)")
                             .arg(describe(value), prefix,
                                  itemNamesUnder(schema, prefix + u'.').join(", ")));
        return;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString path = prefix + u'.' + it.key();
        if (const SchemaItem *item = schema.item(path)) {
            given->insert(path, typed(*item, it.value()));
        } else if (!it.key().contains(u'.') && !itemNamesUnder(schema, path + u'.').isEmpty()) {
            readGroup(schema, path, it.value(), given);
        } else {
            addError(path, QStringLiteral("is not a setting of %1; expected one of: %2")
                               .arg(prefix, itemNamesUnder(schema, prefix + u'.').join(", ")));
        }
    }
}

void CheckRequest::readYaml(const SettingsSchema &schema, const SettingsDocument &applied,
                            const SettingsSpec &spec, QMap<QString, QJsonValue> *given,
                            QStringList *givenGroups)
{
    const QJsonValue yaml = m_body.value(kSettingsYaml);
    const QString expected =
        QStringLiteral("a settings YAML document as a string, e.g. \"%1:\\n  %2: …\\n\"")
            .arg(spec.groups.value(0),
                 itemNamesUnder(schema, spec.groups.value(0) + u'.').value(0));
    if (!yaml.isString()) {
        addError(kSettingsYaml, QStringLiteral("is %1; expected %2").arg(describe(yaml), expected));
        return;
    }
    // The draft parser of PUT /v1/settings: types, unknown keys and positions alike, and it
    // only walks what the schema knows (no alias expansion of unknown parts).
    const SettingsDraft draft = DraftParser::parse(schema, yaml.toString().toUtf8());
    for (const FieldError &e : draft.errors) {
        const QString group = e.field.section(u'.', 0, 0);
        if (e.field.isEmpty())
            addError(kSettingsYaml,
                     e.message.contains(QStringLiteral("expected"))
                         ? e.message
                         : QStringLiteral("%1; expected %2").arg(e.message, expected));
        else if (spec.groups.contains(group) || !schema.group(group))
            addError(e.field, e.message); // the check's groups, and unknown groups
    }
    for (auto it = draft.positions.cbegin(); it != draft.positions.cend(); ++it) {
        const QString group = it.key().section(u'.', 0, 0);
        if (spec.groups.contains(group) && !givenGroups->contains(group))
            givenGroups->append(group);
    }
    for (const SchemaItem *item : schema.items()) {
        if (!givenGroups->contains(item->group))
            continue;
        if (!item->secret) {
            const QJsonValue v = draft.document.value(item->path);
            if (!v.isUndefined())
                given->insert(item->path, v);
            continue;
        }
        switch (draft.secretActions.value(item->path, SecretAction::Keep)) {
        case SecretAction::Set:
            given->insert(item->path, draft.document.secret(item->path).value_or(QString()));
            break;
        case SecretAction::Keep:
            if (applied.secret(item->path))
                given->insert(item->path, QJsonObject{{QStringLiteral("set"), true}});
            else if (draft.positions.contains(item->path))
                addError(item->path, QStringLiteral("is {set: true}%1 but no value is saved; "
                                                    "expected the secret itself")
                                         .arg(draft.where(item->path)));
            break;
        case SecretAction::Clear:
            break;
        }
    }
    for (auto it = given->begin(); it != given->end(); ++it) {
        const SchemaItem *item = schema.item(it.key());
        if (item && !isKeepMarker(it.value()) && isCovered(spec.formChecked, it.key()))
            for (const FieldError &e :
                 SettingsValidator::validateItem(*item, it.value(), draft.where(it.key())))
                addError(e.field, e.message);
    }
}

QJsonObject CheckRequest::settings(const SettingsSchema &schema, const SettingsDocument &applied,
                                   const SettingsSpec &spec)
{
    const qsizetype errorsBefore = m_errors.size();
    QStringList flatGiven;
    for (const auto &[field, path] : spec.flat) {
        m_settingsFields.append(field);
        if (m_body.contains(field))
            flatGiven.append(field);
    }
    QStringList groupsGiven;
    for (const QString &group : spec.groups) {
        if (m_body.contains(group))
            groupsGiven.append(group);
    }
    m_settingsFields.append(kSettingsYaml);
    m_groupNames = schema.groupNames();
    const bool yaml = m_body.contains(kSettingsYaml);
    const QStringList jsonGiven = flatGiven + groupsGiven;
    if (yaml && !jsonGiven.isEmpty()) {
        addError(kSettingsYaml, QStringLiteral("is given together with %1; expected the settings "
                                               "one way: as settings_yaml or as JSON fields")
                                    .arg(jsonGiven.join(", ")));
    } else if (!flatGiven.isEmpty() && !groupsGiven.isEmpty()) {
        addError(flatGiven.first(),
                 QStringLiteral("is given together with the %1 group; expected the settings one "
                                "way: as the fields %2 or as the groups %3")
                     .arg(groupsGiven.first(), m_settingsFields.mid(0, spec.flat.size()).join(", "),
                          spec.groups.join(", ")));
    }

    QMap<QString, QJsonValue> given; // item path -> value as sent (type-checked), in order
    QStringList givenGroups = groupsGiven;
    if (yaml) {
        readYaml(schema, applied, spec, &given, &givenGroups);
    } else if (!flatGiven.isEmpty()) {
        for (const auto &[field, path] : spec.flat) {
            m_flatNames.insert(path, field);
            const QString group = path.section(u'.', 0, 0);
            const SchemaItem *item = schema.item(path);
            if (!item || !m_body.contains(field))
                continue;
            if (!givenGroups.contains(group))
                givenGroups.append(group);
            given.insert(path, typed(*item, m_body.value(field)));
        }
    } else {
        for (const QString &group : groupsGiven)
            readGroup(schema, group, m_body.value(group), &given);
    }
    if (!yaml) {
        for (auto it = given.begin(); it != given.end(); ++it) {
            const SchemaItem *item = schema.item(it.key());
            if (item && !isKeepMarker(it.value()) && isCovered(spec.formChecked, it.key()))
                for (const FieldError &e : SettingsValidator::validateItem(*item, it.value()))
                    addError(e.field, e.message);
        }
    }

    // A given group replaces the applied one; kept secrets take the saved value.
    QJsonObject fragment;
    for (const QString &group : spec.groups) {
        QJsonObject object;
        fragment.insert(group, object);
    }
    auto put = [&fragment](const QString &path, const QJsonValue &value) {
        SettingsDocument::setNested(fragment, path, value);
    };
    for (auto it = applied.values().cbegin(); it != applied.values().cend(); ++it) {
        const QString group = it.key().section(u'.', 0, 0);
        if (spec.groups.contains(group) && !givenGroups.contains(group))
            put(it.key(), it.value());
    }
    for (auto it = applied.secrets().cbegin(); it != applied.secrets().cend(); ++it) {
        const QString group = it.key().section(u'.', 0, 0);
        if (spec.groups.contains(group) && !givenGroups.contains(group))
            put(it.key(), it.value());
    }
    for (auto it = given.cbegin(); it != given.cend(); ++it) {
        if (!isKeepMarker(it.value())) {
            put(it.key(), it.value());
        } else if (it.value().toObject().value(QStringLiteral("set")).toBool()) {
            if (const auto saved = applied.secret(it.key()))
                put(it.key(), *saved);
            else
                addError(it.key(), QStringLiteral("is {\"set\": true} but no value is saved; "
                                                  "expected the secret itself"));
        }
    }
    for (const auto &[secret, destination] : spec.keptSecretsGoTo) {
        const QJsonValue kept = given.value(secret);
        if (!isKeepMarker(kept) || !kept.toObject().value(QStringLiteral("set")).toBool() ||
            !applied.secret(secret))
            continue; // nothing saved is used (a kept secret with no value is an error above)
        QStringList moved;
        for (const QString &path : destination) {
            const SchemaItem *item = schema.item(path);
            QJsonValue sent = fragment;
            for (const QString &part : path.split(u'.'))
                sent = sent.toObject().value(part);
            if (item && (sent.isUndefined() ? item->defaultValue : sent) != applied.effective(*item))
                moved.append(fieldName(path));
        }
        if (!moved.isEmpty())
            addError(secret, QStringLiteral("is {\"set\": true}, but the saved secret goes only "
                                            "to the saved server and %1 differ from the saved "
                                            "settings; expected the secret itself to test "
                                            "another server")
                                 .arg(moved.join(QStringLiteral(", "))));
    }
    m_settingsErrors = m_errors.size() - errorsBefore;
    return fragment;
}

void CheckRequest::requireSetting(const QJsonObject &fragment, const QString &path,
                                  const QString &expected)
{
    QJsonValue value = fragment;
    for (const QString &part : path.split(u'.'))
        value = value.toObject().value(part);
    const QString name = fieldName(path);
    if (m_settingsErrors > 0)
        return; // what was sent is wrong: that first
    for (const FieldError &e : std::as_const(m_errors)) {
        if (e.field == name)
            return; // already said what is wrong with it
    }
    if (SettingsDocument::isEmptyValue(value))
        addError(path, QStringLiteral("is not set, neither in the request nor in the applied "
                                      "settings; expected %1")
                           .arg(expected));
}

void CheckRequest::refuseUnknownFields(const QStringList &fields)
{
    QStringList expected = fields + m_settingsFields;
    if (!m_groupNames.isEmpty())
        expected.append(QStringLiteral("settings groups (%1)").arg(m_groupNames.join(", ")));
    for (auto it = m_body.begin(); it != m_body.end(); ++it) {
        if (!fields.contains(it.key()) && !m_settingsFields.contains(it.key()) &&
            !m_groupNames.contains(it.key()))
            addError(it.key().left(100),
                     QStringLiteral("is not a field of this request; expected only: %1")
                         .arg(expected.join(", ")));
    }
}

} // namespace gantry
