#include "datadirectory.h"

#include <QDir>
#include <QFileInfo>

#include <sys/stat.h>

namespace gantry {

DataDirectory::DataDirectory(QString path)
    : m_path(QDir(path).absolutePath())
{}

DataDirectory::~DataDirectory() = default;

QString DataDirectory::filePath(const QString &name) const
{
    return QDir(m_path).filePath(name);
}

QString DataDirectory::ensureExists() const
{
    const QFileInfo info(m_path);
    if (info.exists() && !info.isDir())
        return QStringLiteral("data dir %1 exists and is not a directory").arg(m_path);
    if (!info.exists() && !QDir().mkpath(m_path))
        return QStringLiteral("cannot create data dir %1").arg(m_path);
    // mkpath honours the umask; the data dir holds tokens and keys, so it is private whatever
    // the umask says.
    if (::chmod(QFile::encodeName(m_path).constData(), 0700) != 0)
        return QStringLiteral("cannot set mode 0700 on data dir %1: %2")
            .arg(m_path, QString::fromLocal8Bit(strerror(errno)));
    return {};
}

QString DataDirectory::lock()
{
    m_lock = std::make_unique<QLockFile>(filePath(QStringLiteral("gantryd.lock")));
    m_lock->setStaleLockTime(0); // only a dead holder makes a lock stale, never its age
    if (m_lock->tryLock(0))
        return {};
    qint64 pid = 0;
    QString host, app;
    if (m_lock->error() == QLockFile::LockFailedError && m_lock->getLockInfo(&pid, &host, &app))
        return QStringLiteral("another gantryd (pid %1) is already running on data dir %2")
            .arg(pid)
            .arg(m_path);
    return QStringLiteral("cannot lock data dir %1 (gantryd.lock: error %2)")
        .arg(m_path)
        .arg(int(m_lock->error()));
}

} // namespace gantry
