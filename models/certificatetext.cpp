#include "certificatetext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSslCertificate>

namespace gantry {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CertificateText", text);
}

QString name(const QSslCertificate &c, bool issuer)
{
    const QString dn = issuer ? c.issuerDisplayName() : c.subjectDisplayName();
    return dn.isEmpty() ? tr("(no name)") : dn;
}

QString sans(const QSslCertificate &c)
{
    QStringList out;
    const auto alt = c.subjectAlternativeNames();
    for (auto it = alt.begin(); it != alt.end(); ++it)
        out << it.value();
    return out.join(QStringLiteral(", "));
}

} // namespace

int CertificateText::count(const QString &pem)
{
    return int(QSslCertificate::fromData(pem.toUtf8(), QSsl::Pem).size());
}

QString CertificateText::describe(const QString &pem)
{
    QStringList paragraphs;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QSslCertificate &c : QSslCertificate::fromData(pem.toUtf8(), QSsl::Pem)) {
        QString expiry = c.expiryDate().toUTC().toString(QStringLiteral("yyyy-MM-dd"));
        if (c.expiryDate() < now)
            expiry += QLatin1Char(' ') + tr("(expired)");
        else if (c.expiryDate() < now.addDays(30))
            expiry += QLatin1Char(' ') + tr("(expires within 30 days)");
        QString text = tr("Subject: %1\nIssuer: %2").arg(name(c, false), name(c, true));
        if (!sans(c).isEmpty())
            text += QLatin1Char('\n') + tr("Names: %1").arg(sans(c));
        text += QLatin1Char('\n') + tr("Expires: %1").arg(expiry);
        paragraphs << text;
    }
    return paragraphs.join(QStringLiteral("\n\n"));
}

QString CertificateText::oneLine(const QString &pem)
{
    const auto list = QSslCertificate::fromData(pem.toUtf8(), QSsl::Pem);
    if (list.isEmpty())
        return {};
    const QSslCertificate &c = list.first();
    QString line =
        tr("%1 · expires %2")
            .arg(name(c, false), c.expiryDate().toUTC().toString(QStringLiteral("yyyy-MM-dd")));
    if (list.size() > 1)
        line += QLatin1Char(' ') + tr("(+%1 more)").arg(list.size() - 1);
    return line;
}

} // namespace gantry
