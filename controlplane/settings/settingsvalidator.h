// Checks a whole settings document against the schema: requiredness of the items that `when`
// shows, options, bounds, patterns, named validators and the rules that span items. Collects
// every error at once.
#pragma once

#include "protocol/apierror.h"

#include <QList>

namespace gantry {

class SettingsSchema;
class SettingsDocument;
struct SettingsDraft;

class SettingsValidator final
{
public:
    // `draft`, when given, adds the line and column of each item the draft mentions.
    static QList<FieldError> validate(const SettingsSchema &schema,
                                      const SettingsDocument &document,
                                      const SettingsDraft *draft = nullptr);
};

} // namespace gantry
