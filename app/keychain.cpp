#include "keychain.h"

#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace gantry {

namespace {

KeychainResult run(QKeychain::Job *job, int timeoutMs)
{
    KeychainResult result;
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job->start();
    if (!finished)
        loop.exec();
    if (!finished) {
        // The job may still answer later: let it delete itself then.
        job->setAutoDelete(true);
        result.status = KeychainResult::Status::Unavailable;
        result.error =
            QStringLiteral("the keychain did not answer within %1 s").arg(timeoutMs / 1000);
        return result;
    }
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = KeychainResult::Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        result.status = KeychainResult::Status::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        result.status = KeychainResult::Status::Unavailable;
        break;
    default:
        result.status = KeychainResult::Status::Failed;
        break;
    }
    result.error = job->errorString();
    if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(job); read && result.ok())
        result.data = read->binaryData();
    job->deleteLater();
    return result;
}

} // namespace

KeychainResult Keychain::read(const QString &key, int timeoutMs)
{
    auto *job = new QKeychain::ReadPasswordJob(QString::fromLatin1(kService));
    job->setAutoDelete(false);
    job->setKey(key);
    return run(job, timeoutMs);
}

KeychainResult Keychain::write(const QString &key, const QByteArray &data, int timeoutMs)
{
    auto *job = new QKeychain::WritePasswordJob(QString::fromLatin1(kService));
    job->setAutoDelete(false);
    job->setKey(key);
    job->setBinaryData(data);
    return run(job, timeoutMs);
}

KeychainResult Keychain::remove(const QString &key, int timeoutMs)
{
    auto *job = new QKeychain::DeletePasswordJob(QString::fromLatin1(kService));
    job->setAutoDelete(false);
    job->setKey(key);
    return run(job, timeoutMs);
}

} // namespace gantry
