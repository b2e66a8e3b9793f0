#include "atomicfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace gantry;

class TestAtomicFile final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesPrivateFileByDefault()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("f");
        QCOMPARE(AtomicFile::write(path, "hello"), QString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("hello"));
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 07777), 0600);
    }
    void replacesWholeAndLeavesNoTemporary()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("f");
        QCOMPARE(AtomicFile::write(path, QByteArray(100000, 'a')), QString());
        QCOMPARE(AtomicFile::write(path, "short"), QString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("short"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"f"});
    }
    void failureKeepsOldContentAndSaysWhy()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("sub/f"); // parent missing
        const QString why = AtomicFile::write(path, "x");
        QVERIFY(!why.isEmpty());
        QVERIFY2(why.contains(path), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
