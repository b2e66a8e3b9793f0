// The applied settings versions (GET /v1/settings/history) as a table, with the diff between
// any two versions and rollback, for the History page.
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>

namespace gantry {

class ControlPlaneClient;

struct SettingsDiffEntry
{
    QString path;
    QJsonValue from;
    QJsonValue to;
    bool secret = false; // a secret only says that it changed
};

class SettingsHistory final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsHistory)
public:
    enum Column { VersionColumn, TimeColumn, ActorColumn, ActionColumn, PathsColumn, ColumnCount };
    enum Role { VersionRole = Qt::UserRole + 1 };

    explicit SettingsHistory(ControlPlaneClient *client, QObject *parent = nullptr);

    void refresh();
    int versionAt(int row) const;
    int rowOf(int version) const;
    int latestVersion() const;

    // GET /v1/settings/diff?from=&to=: diffReady or failed.
    void requestDiff(int from, int to);
    // POST /v1/settings/rollback: a new version equal to `version`.
    void rollback(int version);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void refreshed();
    void diffReady(int from, int to, const QList<gantry::SettingsDiffEntry> &changes);
    void rolledBack(int newVersion, int to);
    void failed(const QString &message);

private:
    ControlPlaneClient *m_client;
    QList<QJsonObject> m_rows; // newest first
};

} // namespace gantry
