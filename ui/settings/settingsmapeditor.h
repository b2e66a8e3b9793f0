// Edits a map item of the settings (global tags, extra environment variables): a two-column
// table of names and values with Add and Remove.
#pragma once

#include <QJsonObject>
#include <QWidget>

class QPushButton;
class QTableWidget;

namespace gantry {

class SettingsMapEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsMapEditor)
public:
    explicit SettingsMapEditor(const QString &label, QWidget *parent = nullptr);

    QJsonObject value() const;
    void setValue(const QJsonObject &map);
    void setEditable(bool editable, const QString &why = {});
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void edited(const QJsonObject &map);

private:
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    bool m_updating = false;
};

} // namespace gantry
