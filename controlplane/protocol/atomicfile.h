// Writes a whole file or nothing: a reader sees the old content or the new, never a mix, and a
// file that must stay private never exists with wider permissions, not even for a moment.
#pragma once

#include <QByteArray>
#include <QFileDevice>
#include <QString>

namespace gantry {

struct AtomicFile
{
    // Writes `data` to `path` through a temporary file in the same directory, fsyncs it, sets
    // `permissions` and renames it over `path`. Returns an empty string on success, else the
    // reason.
    static QString write(const QString &path, const QByteArray &data,
                         QFileDevice::Permissions permissions = QFileDevice::ReadOwner |
                                                                QFileDevice::WriteOwner);
};

} // namespace gantry
