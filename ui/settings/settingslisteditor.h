// Edits a list item of the settings (no_proxy entries, PEM certificates): one row per entry with
// Add, Edit and Remove; PEM entries are shown by their certificate's subject and expiry.
#pragma once

#include <QJsonArray>
#include <QWidget>

class QListWidget;
class QPushButton;

namespace gantry {

class SettingsListEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsListEditor)
public:
    SettingsListEditor(const QString &label, bool pem, QWidget *parent = nullptr);

    QJsonArray value() const { return m_entries; }
    void setValue(const QJsonArray &entries);
    void appendEntries(const QStringList &entries); // e.g. a fetched CA chain
    void setEditable(bool editable, const QString &why = {});
    QListWidget *list() const { return m_list; }

Q_SIGNALS:
    void edited(const QJsonArray &entries);

private:
    void add();
    void addFromFile();
    void editCurrent();
    void removeCurrent();
    void rebuild();
    std::optional<QString> ask(const QString &title, const QString &text);

    QString m_label;
    bool m_pem;
    QJsonArray m_entries;
    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_fromFile = nullptr;
    QPushButton *m_edit;
    QPushButton *m_remove;
};

} // namespace gantry
