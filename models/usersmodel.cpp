#include "usersmodel.h"

#include "controlplaneclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace gantry {

namespace {

QString localTime(const QJsonValue &v)
{
    if (!v.isString() || v.toString().isEmpty())
        return UsersModel::tr("never");
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : v.toString();
}

} // namespace

UsersModel::UsersModel(ControlPlaneClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{}

void UsersModel::refresh()
{
    m_client->get(QStringLiteral("/v1/users"), [this](const ApiResult &r) {
        if (!r.ok()) {
            Q_EMIT failed(r.error.message.isEmpty() ? r.describeError() : r.error.message);
            return;
        }
        QList<QJsonObject> rows;
        for (const QJsonValue &v : r.json.array())
            rows.append(v.toObject());
        if (rows.size() == m_rows.size()) {
            m_rows = rows;
            if (!rows.isEmpty())
                Q_EMIT dataChanged(index(0, 0), index(int(rows.size()) - 1, ColumnCount - 1));
        } else {
            beginResetModel();
            m_rows = rows;
            endResetModel();
        }
        Q_EMIT refreshed();
    });
}

void UsersModel::setRole(const QString &userId, const QString &role)
{
    m_client->request("POST", QStringLiteral("/v1/users/%1/role").arg(userId),
                      QJsonDocument(QJsonObject{{"role", role}}).toJson(QJsonDocument::Compact),
                      [this, role](const ApiResult &r) {
                          if (!r.ok()) {
                              Q_EMIT failed(r.error.message.isEmpty() ? r.describeError()
                                                                      : r.error.message);
                              return;
                          }
                          Q_EMIT roleChanged(r.json.object().value("username").toString(), role);
                          refresh();
                      });
}

QString UsersModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).value("id").toVariant().toString()
                                           : QString();
}

QString UsersModel::roleAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).value("role").toString() : QString();
}

int UsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QJsonObject &o = m_rows.at(index.row());
    if (role == IdRole)
        return idAt(index.row());
    if (role == RoleNameRole)
        return o.value("role").toString();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case UsernameColumn:
        return o.value("username").toString();
    case RoleColumn:
        return o.value("role").toString() == QLatin1String("admin") ? tr("Admin") : tr("Viewer");
    case CreatedColumn:
        return localTime(o.value("created_at"));
    case LastLoginColumn:
        return localTime(o.value("last_login_at"));
    default:
        return {};
    }
}

QVariant UsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UsernameColumn:
        return tr("User");
    case RoleColumn:
        return tr("Role");
    case CreatedColumn:
        return tr("First login");
    case LastLoginColumn:
        return tr("Last login");
    default:
        return {};
    }
}

} // namespace gantry
