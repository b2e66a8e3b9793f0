// The selected audit event in full: its identity and outcome on top, then actor, target, scope,
// request, payload and metadata as pretty-printed JSON, and "Copy as JSON" of the whole event.
#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace gantry {

class AuditDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditDetailPane)
public:
    explicit AuditDetailPane(QWidget *parent = nullptr);

    void setEvent(const QJsonObject &event); // empty: nothing selected
    QJsonObject event() const { return m_event; }
    QString text() const;
    // The whole event, indented, as "Copy as JSON" puts it on the clipboard.
    static QString eventJson(const QJsonObject &event);
    // One field as indented JSON (objects and arrays), or as JSON text for scalars.
    static QString prettyJson(const QJsonValue &value);
    QPushButton *copyButton() const { return m_copy; }

private:
    QJsonObject m_event;
    QLabel *m_summary;
    QPlainTextEdit *m_text;
    QPushButton *m_copy;
};

} // namespace gantry
