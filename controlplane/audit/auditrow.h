// One audit event in its stored form, as the store writes and reads it and the CSV export
// copies it: the JSON columns as compact text with sorted keys.
#pragma once

#include "protocol/auditevent.h"

#include <QJsonObject>
#include <QString>

namespace gantry {

// One event in its stored form: the JSON columns compact with sorted keys, exactly the text the
// CSV export writes, so export copies them instead of re-serialising.
struct AuditRow
{
    QString id;
    QString action;
    QString actor;
    QString target;
    QString scope;
    QString request;
    QString payload;
    QString metadata;
    qint64 occurredAtNs = 0;
    int version = 1;
    bool success = true;
    // Index columns, filled by fromEvent for writes (reads leave them empty).
    QString actorId;
    QString actorName;
    QString targetId;
    QString targetName;

    static AuditRow fromEvent(const AuditEvent &event);
    AuditEvent toEvent() const;
};

} // namespace gantry
