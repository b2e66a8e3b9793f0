#include "settingshistory.h"

#include "controlplaneclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace gantry {

SettingsHistory::SettingsHistory(ControlPlaneClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{}

void SettingsHistory::refresh()
{
    m_client->get(QStringLiteral("/v1/settings/history"), [this](const ApiResult &r) {
        if (!r.ok()) {
            Q_EMIT failed(r.describeError());
            return;
        }
        QList<QJsonObject> rows;
        for (const QJsonValue &v : r.json.array())
            rows.append(v.toObject());
        std::sort(rows.begin(), rows.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return a.value("version").toInt() > b.value("version").toInt();
        });
        // Versions are only ever added: insert the new ones at the top, keep the selection.
        const int added = int(rows.size() - m_rows.size());
        if (added > 0 && (m_rows.isEmpty() || rows.mid(added) == m_rows)) {
            beginInsertRows({}, 0, added - 1);
            m_rows = rows;
            endInsertRows();
        } else if (rows != m_rows) {
            beginResetModel();
            m_rows = rows;
            endResetModel();
        }
        Q_EMIT refreshed();
    });
}

int SettingsHistory::versionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).value("version").toInt() : 0;
}

int SettingsHistory::rowOf(int version) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (versionAt(row) == version)
            return row;
    return -1;
}

int SettingsHistory::latestVersion() const
{
    return versionAt(0);
}

void SettingsHistory::requestDiff(int from, int to)
{
    m_client->get(QStringLiteral("/v1/settings/diff?from=%1&to=%2").arg(from).arg(to),
                  [this, from, to](const ApiResult &r) {
                      if (!r.ok()) {
                          Q_EMIT failed(r.error.message.isEmpty() ? r.describeError()
                                                                  : r.error.message);
                          return;
                      }
                      QList<SettingsDiffEntry> changes;
                      for (const QJsonValue &v : r.json.object().value("changes").toArray()) {
                          const QJsonObject o = v.toObject();
                          changes.append({o.value("path").toString(), o.value("from"),
                                          o.value("to"), o.value("secret").toBool()});
                      }
                      Q_EMIT diffReady(from, to, changes);
                  });
}

void SettingsHistory::rollback(int version)
{
    m_client->request("POST", QStringLiteral("/v1/settings/rollback"),
                      QJsonDocument(QJsonObject{{"version", version}}).toJson(),
                      [this, version](const ApiResult &r) {
                          if (!r.ok()) {
                              Q_EMIT failed(r.error.message.isEmpty() ? r.describeError()
                                                                      : r.error.message);
                              return;
                          }
                          Q_EMIT rolledBack(r.json.object().value("version").toInt(), version);
                          refresh();
                      });
}

int SettingsHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SettingsHistory::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SettingsHistory::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QJsonObject &o = m_rows.at(index.row());
    if (role == VersionRole)
        return o.value("version").toInt();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case VersionColumn:
        return o.value("version").toInt();
    case TimeColumn: {
        const QDateTime t = QDateTime::fromString(o.value("time").toString(), Qt::ISODateWithMs);
        return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
    }
    case ActorColumn:
        return o.value("actor").toString();
    case ActionColumn:
        if (o.value("rolled_back_to").toInt() > 0)
            return tr("rollback to %1").arg(o.value("rolled_back_to").toInt());
        return o.value("action").toString() == QLatin1String("update")
                   ? tr("update")
                   : o.value("action").toString();
    case PathsColumn: {
        QStringList paths;
        for (const QJsonValue &p : o.value("changed_paths").toArray())
            paths << p.toString();
        return role == Qt::ToolTipRole ? paths.join(QLatin1Char('\n'))
                                       : paths.join(QStringLiteral(", "));
    }
    default:
        return {};
    }
}

QVariant SettingsHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case VersionColumn:
        return tr("Version");
    case TimeColumn:
        return tr("Time");
    case ActorColumn:
        return tr("Actor");
    case ActionColumn:
        return tr("Action");
    case PathsColumn:
        return tr("Changed settings");
    default:
        return {};
    }
}

} // namespace gantry
