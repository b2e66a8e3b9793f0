#include "navigationmodel.h"

namespace gantry {

namespace {

QStandardItem *makeItem(const QString &id, const QString &label, const QString &placeholder)
{
    auto *item = new QStandardItem(label);
    item->setEditable(false);
    item->setData(id, NavigationModel::PageIdRole);
    item->setData(placeholder, NavigationModel::PlaceholderRole);
    item->setData(label, Qt::AccessibleTextRole);
    return item;
}

} // namespace

QStringList NavigationModel::settingsGroups()
{
    return {QStringLiteral("general"),
            QStringLiteral("tls"),
            QStringLiteral("ldap"),
            QStringLiteral("vm_provider"),
            QStringLiteral("metrics"),
            QStringLiteral("proxy"),
            QStringLiteral("usage_statistics"),
            QStringLiteral("artifacts"),
            QStringLiteral("customizations"),
            QStringLiteral("github"),
            QStringLiteral("storage"),
            QStringLiteral("license")};
}

QString NavigationModel::settingsGroupLabel(const QString &group)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("general"), QT_TR_NOOP("General")},
        {QStringLiteral("tls"), QT_TR_NOOP("TLS / HTTPS")},
        {QStringLiteral("ldap"), QT_TR_NOOP("LDAP")},
        {QStringLiteral("vm_provider"), QT_TR_NOOP("VM provider")},
        {QStringLiteral("metrics"), QT_TR_NOOP("Metrics")},
        {QStringLiteral("proxy"), QT_TR_NOOP("HTTP proxy")},
        {QStringLiteral("usage_statistics"), QT_TR_NOOP("Usage statistics")},
        {QStringLiteral("artifacts"), QT_TR_NOOP("Artifacts")},
        {QStringLiteral("customizations"), QT_TR_NOOP("Customizations")},
        {QStringLiteral("github"), QT_TR_NOOP("GitHub")},
        {QStringLiteral("storage"), QT_TR_NOOP("Storage")},
        {QStringLiteral("license"), QT_TR_NOOP("License")},
    };
    const char *label = labels.value(group);
    return label ? tr(label) : group;
}

NavigationModel::NavigationModel(QObject *parent)
    : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Pages")});
    QStandardItem *root = invisibleRootItem();
    root->appendRow(
        makeItem(QStringLiteral("dashboard"), tr("Dashboard"),
                 tr("Queued and running jobs, nodes and queue times, live, with a diagnosis of why "
                    "builds queue. Coming with the live fleet.")));
    root->appendRow(makeItem(QStringLiteral("nodes"), tr("Nodes"),
                             tr("Build nodes with drain, eligibility, status and running "
                                "allocations. Coming with the live fleet.")));
    root->appendRow(makeItem(QStringLiteral("jobs"), tr("Jobs"),
                             tr("Queued, running and finished jobs with their allocations and "
                                "logs. Coming with the live fleet.")));
    root->appendRow(makeItem(QStringLiteral("audit"), tr("Audit log"),
                             tr("Every admin action and job event, searchable, with CSV "
                                "export.")));
    QStandardItem *settings =
        makeItem(QStringLiteral("settings"), tr("Settings"),
                 tr("Every setting of the installation, validated, versioned and rendered. "
                    "Choose a group on the left."));
    for (const QString &group : settingsGroups())
        settings->appendRow(makeItem(
            QStringLiteral("settings/") + group, settingsGroupLabel(group),
            tr("The %1 settings: coming with the settings pages.").arg(settingsGroupLabel(group))));
    root->appendRow(settings);
    root->appendRow(makeItem(QStringLiteral("users"), tr("Users"),
                             tr("Who may sign in to this gantryd and with which role (admin or "
                                "viewer). For admins.")));
    root->appendRow(makeItem(QStringLiteral("operations"), tr("Operations"),
                             tr("Backup and restore, support bundle and health checks. Coming "
                                "with operations.")));
}

QStringList NavigationModel::pageIds() const
{
    QStringList ids;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < rowCount(parent); ++row) {
            const QModelIndex i = index(row, 0, parent);
            ids << i.data(PageIdRole).toString();
            walk(i);
        }
    };
    walk({});
    return ids;
}

QModelIndex NavigationModel::indexOf(const QString &pageId) const
{
    const QModelIndexList found =
        match(index(0, 0), PageIdRole, pageId, 1, Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? QModelIndex() : found.constFirst();
}

} // namespace gantry
