// The console's navigation: one row per page (Dashboard, Nodes, Jobs, Audit log, Operations) and
// one child of "Settings" per settings group of DESIGN.md. Each row carries its page id.
#pragma once

#include <QStandardItemModel>

namespace gantry {

class NavigationModel final : public QStandardItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NavigationModel)
public:
    enum Role {
        PageIdRole = Qt::UserRole + 1, // "dashboard", "settings/ldap", ...
        PlaceholderRole,               // what the page will hold, until it is built
    };

    explicit NavigationModel(QObject *parent = nullptr);

    // Every page id, in display order (parents before their children).
    QStringList pageIds() const;
    QModelIndex indexOf(const QString &pageId) const;

    // The settings groups of DESIGN.md, in the order of the schema.
    static QStringList settingsGroups();
    static QString settingsGroupLabel(const QString &group);
};

} // namespace gantry
