#include "settingsvalidator.h"

#include "draftparser.h"
#include "settingsdocument.h"
#include "settingsschema.h"
#include "validators.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <climits>

namespace gantry {

namespace {

// Variables the customizations file already exports from other items.
const QStringList kManagedVariables{"CIRCLE_URL",  "JVM_HEAP_SIZE", "HTTP_PROXY",
                                    "HTTPS_PROXY", "NO_PROXY",      "JVM_OPTS"};

QString optionsText(const SchemaItem &item)
{
    QStringList values;
    for (const auto &o : item.options)
        values.append(o.toObject().value("value").toString());
    return values.join(QStringLiteral(", "));
}

void checkItem(const SchemaItem &item, const QJsonValue &value, const QString &where,
               QList<FieldError> *errors)
{
    auto add = [&](const QString &field, const QString &message) {
        errors->append({field, message + (field == item.path ? where : QString())});
    };
    auto run = [&](const QString &validator, const QString &field, const QString &text) {
        const QString message = Validators::check(validator, field, text);
        if (!message.isEmpty())
            add(field, message);
    };
    switch (item.type) {
    case ItemType::SelectOne: {
        bool found = false;
        for (const auto &o : item.options)
            found = found || o.toObject().value("value") == value;
        if (!found)
            add(item.path, QStringLiteral("%1: not one of the options; expected one of: %2")
                               .arg(item.path, optionsText(item)));
        return;
    }
    case ItemType::Integer: {
        const qint64 n = value.toInteger();
        if ((item.min && n < *item.min) || (item.max && n > *item.max))
            add(item.path, QStringLiteral("%1: %2 is out of range; expected a whole number from %3 "
                                          "to %4")
                               .arg(item.path)
                               .arg(n)
                               .arg(item.min.value_or(LLONG_MIN))
                               .arg(item.max.value_or(LLONG_MAX)));
        return;
    }
    case ItemType::Bool:
        return;
    case ItemType::List: {
        const QJsonArray array = value.toArray();
        for (int i = 0; i < array.size(); ++i) {
            if (!item.itemValidator.isEmpty())
                run(item.itemValidator, QStringLiteral("%1[%2]").arg(item.path).arg(i),
                    array[i].toString());
        }
        return;
    }
    case ItemType::Map: {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString field = item.path + u'.' + it.key();
            if (!item.keyValidator.isEmpty())
                run(item.keyValidator, field, it.key());
            if (!item.valueValidator.isEmpty())
                run(item.valueValidator, field, it.value().toString());
        }
        return;
    }
    default:
        break;
    }
    const QString text = value.toString();
    if (!item.pattern.isEmpty() &&
        !QRegularExpression(QRegularExpression::anchoredPattern(item.pattern))
             .match(text)
             .hasMatch())
        add(item.path, QStringLiteral("%1: does not have the expected form; expected %2")
                           .arg(item.path, item.expected));
    if (!item.validator.isEmpty())
        run(item.validator, item.path, text);
}

// Rules that read more than one item.
void checkCrossItem(const SettingsSchema &schema, const SettingsDocument &document,
                    QList<FieldError> *errors)
{
    auto effective = [&](const QString &path) {
        const SchemaItem *item = schema.item(path);
        return item && schema.isShown(*item, document) ? document.effective(*item) : QJsonValue();
    };
    if (effective("tls.ssl_only").toBool()) {
        for (const QString &path :
             {QStringLiteral("tls.certificate"), QStringLiteral("tls.private_key")}) {
            if (SettingsDocument::isEmptyValue(effective(path)))
                errors->append({path, QStringLiteral("%1: required when tls.ssl_only is true; "
                                                     "expected a PEM file")
                                          .arg(path)});
        }
    }
    if (SettingsDocument::isEmptyValue(effective("tls.certificate")) !=
        SettingsDocument::isEmptyValue(effective("tls.private_key")))
        errors->append({"tls.private_key",
                        QStringLiteral("tls.private_key: the certificate and the private key go "
                                       "together; expected both or neither")});
    const QString certificate = effective("tls.certificate").toString();
    const QString key = effective("tls.private_key").toString();
    if (!certificate.isEmpty() && !key.isEmpty() &&
        Validators::check("pem_certificate_chain", {}, certificate).isEmpty() &&
        Validators::check("pem_private_key_unencrypted", {}, key).isEmpty()) {
        const QString mismatch = Validators::keyMismatch(certificate, key);
        if (!mismatch.isEmpty())
            errors->append({"tls.private_key", mismatch});
    }
    const QJsonObject env = effective("customizations.extra_env").toObject();
    for (auto it = env.begin(); it != env.end(); ++it) {
        if (kManagedVariables.contains(it.key()))
            errors->append({"customizations.extra_env." + it.key(),
                            QStringLiteral("customizations.extra_env.%1: %1 is written from its "
                                           "own setting; expected a name other than %2")
                                .arg(it.key(), kManagedVariables.join(QStringLiteral(", ")))});
    }
    static const QRegularExpression globalTags(QStringLiteral("^\\s*\\[\\s*global_tags\\s*\\]"),
                                               QRegularExpression::MultilineOption);
    if (effective("metrics.custom.enabled").toBool() &&
        !effective("metrics.global_tags").toObject().isEmpty() &&
        globalTags.match(effective("metrics.custom.telegraf_config").toString()).hasMatch())
        errors->append({"metrics.custom.telegraf_config",
                        QStringLiteral("metrics.custom.telegraf_config: defines [global_tags] "
                                       "while metrics.global_tags is set; expected the tags in "
                                       "one place only")});
}

// " when ldap.enabled is true": why a conditional item is required.
QString whenText(const SchemaItem &item)
{
    QStringList parts;
    for (const auto &condition : item.when) {
        QStringList values;
        for (const auto &v : condition.values)
            values.append(v.toVariant().toString());
        parts.append(
            QStringLiteral("%1 is %2").arg(condition.path, values.join(QStringLiteral(" or "))));
    }
    return parts.isEmpty() ? QString()
                           : QStringLiteral(" when ") + parts.join(QStringLiteral(" and "));
}

} // namespace

QList<FieldError> SettingsValidator::validate(const SettingsSchema &schema,
                                              const SettingsDocument &document,
                                              const SettingsDraft *draft)
{
    QList<FieldError> errors;
    for (const SchemaItem *item : schema.items()) {
        if (!schema.isShown(*item, document))
            continue; // hidden: neither required nor checked
        const QString where = draft ? draft->where(item->path) : QString();
        const QJsonValue value = document.effective(*item);
        if (SettingsDocument::isEmptyValue(value)) {
            if (item->required) {
                QString expected = item->validator.isEmpty()
                                       ? (!item->expected.isEmpty() ? item->expected
                                          : item->secret ? QStringLiteral("a non-empty secret")
                                                         : QStringLiteral("a value"))
                                       : Validators::expectedForm(item->validator);
                if (item->type == ItemType::SelectOne)
                    expected = QStringLiteral("one of: ") + optionsText(*item);
                errors.append({item->path, QStringLiteral("%1: is required%2%3; expected %4")
                                               .arg(item->path, whenText(*item), where, expected)});
            }
            continue;
        }
        checkItem(*item, value, where, &errors);
    }
    checkCrossItem(schema, document, &errors);
    return errors;
}

QList<FieldError> SettingsValidator::validateItem(const SchemaItem &item, const QJsonValue &value,
                                                  const QString &where)
{
    QList<FieldError> errors;
    if (!SettingsDocument::isEmptyValue(value))
        checkItem(item, value, where, &errors);
    return errors;
}

} // namespace gantry
