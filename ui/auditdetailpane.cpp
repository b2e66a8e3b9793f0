#include "auditdetailpane.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gantry {

AuditDetailPane::AuditDetailPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("Cop&y as JSON"), this))
{
    setAccessibleName(tr("Audit event details"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_summary->setAccessibleName(tr("Event summary"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setAccessibleName(tr("Event fields as JSON"));
    m_text->setTabChangesFocus(true);
    m_copy->setAccessibleName(tr("Copy the event as JSON"));
    m_copy->setToolTip(tr("Put the whole event, as gantryd returns it, on the clipboard"));
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(eventJson(m_event)); });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_text, 1);
    layout->addLayout(buttons);
    setEvent({});
}

QString AuditDetailPane::prettyJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented))
            .trimmed();
    // A scalar: the JSON text of a one-element array, without the brackets.
    const QString wrapped =
        QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}

QString AuditDetailPane::eventJson(const QJsonObject &event)
{
    return QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Indented));
}

void AuditDetailPane::setEvent(const QJsonObject &event)
{
    m_event = event;
    m_copy->setEnabled(!event.isEmpty());
    if (event.isEmpty()) {
        m_summary->setText(tr("Select an event to see all its fields."));
        m_text->clear();
        return;
    }
    const bool success = event.value(QLatin1String("success")).toBool(true);
    m_summary->setText(tr("<b>%1</b> · %2 · %3<br>id %4 · version %5")
                           .arg(event.value(QLatin1String("action")).toString().toHtmlEscaped(),
                                event.value(QLatin1String("occurred_at")).toString(),
                                success ? tr("succeeded") : tr("failed"),
                                event.value(QLatin1String("id")).toString())
                           .arg(event.value(QLatin1String("version")).toInt()));
    QString text;
    for (const char *field : {"actor", "target", "scope", "request", "payload", "metadata"}) {
        const QString name = QString::fromLatin1(field);
        text +=
            name + QStringLiteral(":\n") + prettyJson(event.value(name)) + QStringLiteral("\n\n");
    }
    m_text->setPlainText(text.trimmed());
}

QString AuditDetailPane::text() const
{
    return m_text->toPlainText();
}

} // namespace gantry
