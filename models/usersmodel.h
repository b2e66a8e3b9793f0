// The console's users (GET /v1/users) for the admins' Users page, with promote/demote through
// POST /v1/users/:id/role.
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>

namespace gantry {

class ControlPlaneClient;

class UsersModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsersModel)
public:
    enum Column { UsernameColumn, RoleColumn, CreatedColumn, LastLoginColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, RoleNameRole };

    explicit UsersModel(ControlPlaneClient *client, QObject *parent = nullptr);

    void refresh();
    void setRole(const QString &userId, const QString &role); // "admin" | "viewer"
    QString idAt(int row) const;
    QString roleAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void refreshed();
    void roleChanged(const QString &username, const QString &role);
    void failed(const QString &message);

private:
    ControlPlaneClient *m_client;
    QList<QJsonObject> m_rows;
};

} // namespace gantry
