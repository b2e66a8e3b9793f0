#include "store/datadirectory.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace gantry;

class TestDataDirectory final : public QObject
{
    Q_OBJECT
    static int mode(const QString &path)
    {
        struct stat st
        {};
        ::stat(QFile::encodeName(path).constData(), &st);
        return int(st.st_mode & 07777);
    }
private Q_SLOTS:
    void createsPrivateDirectory()
    {
        QTemporaryDir tmp;
        DataDirectory dir(tmp.filePath("a/b/data"));
        QCOMPARE(dir.ensureExists(), QString());
        QCOMPARE(mode(dir.path()), 0700);
    }
    void tightensAWideDirectory()
    {
        QTemporaryDir tmp;
        ::chmod(QFile::encodeName(tmp.path()).constData(), 0755);
        DataDirectory dir(tmp.path());
        QCOMPARE(dir.ensureExists(), QString());
        QCOMPARE(mode(tmp.path()), 0700);
    }
    void refusesAFile()
    {
        QTemporaryDir tmp;
        QFile f(tmp.filePath("file"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        DataDirectory dir(f.fileName());
        QVERIFY(dir.ensureExists().contains("not a directory"));
    }
    void secondLockNamesTheHolderPid()
    {
        QTemporaryDir tmp;
        DataDirectory first(tmp.path());
        QCOMPARE(first.lock(), QString());
        DataDirectory second(tmp.path());
        const QString why = second.lock();
        QVERIFY2(why.contains(QString::number(QCoreApplication::applicationPid())),
                 qPrintable(why));
        QVERIFY(why.contains("already running"));
    }
    void staleLockOfADeadProcessIsTaken()
    {
        QTemporaryDir tmp;
        QFile lock(tmp.filePath("gantryd.lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write("999999\ngantryd\n" + QSysInfo::machineHostName().toUtf8() + "\n");
        lock.close();
        DataDirectory dir(tmp.path());
        QCOMPARE(dir.lock(), QString());
    }
};

QTEST_GUILESS_MAIN(TestDataDirectory)
#include "tst_datadirectory.moc"
