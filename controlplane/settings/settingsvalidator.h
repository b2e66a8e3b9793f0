// Checks a whole settings document against the schema: requiredness of the items that `when`
// shows, options, bounds, patterns, named validators and the rules that span items. Collects
// every error at once.
#pragma once

#include "protocol/apierror.h"

#include <QJsonValue>
#include <QList>

namespace gantry {

class SettingsSchema;
struct SchemaItem;
class SettingsDocument;
struct SettingsDraft;

class SettingsValidator final
{
public:
    // `draft`, when given, adds the line and column of each item the draft mentions.
    static QList<FieldError> validate(const SettingsSchema &schema,
                                      const SettingsDocument &document,
                                      const SettingsDraft *draft = nullptr);
    // The checks of one item's non-empty value alone (options, bounds, pattern, named
    // validator), as validate() runs them; `where` is added to messages about the item itself.
    // For callers that take a few items rather than a document (the checks' routes).
    static QList<FieldError> validateItem(const SchemaItem &item, const QJsonValue &value,
                                          const QString &where = {});
};

} // namespace gantry
