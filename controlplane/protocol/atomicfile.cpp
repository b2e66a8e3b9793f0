#include "atomicfile.h"

#include <QSaveFile>

#include <sys/stat.h>

namespace gantry {

QString AtomicFile::write(const QString &path, const QByteArray &data,
                          QFileDevice::Permissions permissions)
{
    // QSaveFile creates its temporary file with mode 0666 & ~umask: tighten the umask while it
    // exists so that a 0600 file is never readable by others.
    const mode_t old = ::umask(0077);
    QSaveFile file(path);
    const bool opened = file.open(QIODevice::WriteOnly);
    ::umask(old);
    if (!opened)
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    if (file.write(data) != data.size()) {
        file.cancelWriting();
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    }
    file.setPermissions(permissions);
    if (!file.commit()) // QSaveFile::commit flushes and fsyncs before the rename
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace gantry
