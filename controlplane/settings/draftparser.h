// Reads a settings draft sent as YAML (PUT /v1/settings, gantryctl settings import/validate)
// into a typed document, reporting every syntax, unknown-key and type error at once with its
// line and column.
#pragma once

#include "protocol/apierror.h"
#include "settingsdocument.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>

namespace gantry {

class SettingsSchema;

// What a draft says about one secret item: a string sets it, {set: true} (or leaving the item
// out) keeps the stored value, null or {set: false} clears it.
enum class SecretAction { Keep, Set, Clear };

struct SettingsDraft
{
    SettingsDocument document;                 // plain values, and the secrets the draft sets
    QMap<QString, SecretAction> secretActions; // every secret item of the schema
    QMap<QString, QPair<int, int>> positions;  // item path -> (line, column), 1-based
    QList<FieldError> errors;                  // syntax, unknown keys, types

    bool ok() const { return errors.isEmpty(); }
    // " (line L, column C)" for `path`, or empty when the draft does not mention it.
    QString where(const QString &path) const;
};

class DraftParser final
{
public:
    // A draft is a whole document: plain items it leaves out take their defaults. Presets of a
    // select_one (ldap.server_type) fill the items of its group that the draft leaves out.
    static SettingsDraft parse(const SettingsSchema &schema, const QByteArray &yaml);
    // The document the draft asks for: its plain values, and the secrets of `stored` changed
    // as the draft's secret actions say.
    static SettingsDocument resolve(const SettingsDraft &draft, const SettingsDocument &stored);
};

} // namespace gantry
