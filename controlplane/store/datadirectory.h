// gantryd's data directory: created mode 0700, and held by one gantryd at a time through a lock
// file that names the holder's pid.
#pragma once

#include <QLockFile>
#include <QString>
#include <memory>

namespace gantry {

class DataDirectory final
{
public:
    explicit DataDirectory(QString path);
    ~DataDirectory();

    const QString &path() const { return m_path; }
    QString filePath(const QString &name) const;

    // Creates the directory (0700) if needed, and tightens it to 0700 if it is wider.
    // Returns an empty string on success, else the reason.
    QString ensureExists() const;

    // Takes the lock; fails when another live gantryd holds it, naming its pid.
    QString lock();

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace gantry
