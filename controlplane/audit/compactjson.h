// Compact JSON text of a QJsonObject, character for character what
// QJsonDocument(object).toJson(QJsonDocument::Compact) gives after QString::fromUtf8, written
// straight into UTF-16: no document, no UTF-8 round trip. The audit store turns every event into
// six such texts, and through QJsonDocument that was a quarter of its ingest time.
// tst_compactjson compares the two on generated objects.
#pragma once

#include <QJsonObject>
#include <QString>

namespace gantry::CompactJson {

QString write(const QJsonObject &object);

} // namespace gantry::CompactJson
