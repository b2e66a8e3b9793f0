// The Nodes page: the live nodes table with Drain…, Undrain and the eligibility toggle, each
// working on the whole selection, and the result of every action said under the toolbar.
#pragma once

#include "fleetactions.h"

#include <QWidget>
#include <functional>
#include <optional>

class QAction;
class QLabel;
class QToolBar;

namespace gantry {

class FleetFeed;
class LiveTableView;

class NodesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodesPage)
public:
    // Asks how to drain the given nodes; nullopt when the admin cancels. Default: DrainDialog.
    using DrainPrompt = std::function<std::optional<DrainRequest>(const QList<QJsonObject> &)>;

    NodesPage(FleetFeed *feed, FleetActions *actions, QWidget *parent = nullptr);

    LiveTableView *table() const { return m_table; }
    QAction *drainAction() const { return m_drain; }
    QAction *undrainAction() const { return m_undrain; }
    QAction *eligibilityAction() const { return m_eligibility; }
    QString resultText() const;
    void setDrainPrompt(DrainPrompt prompt) { m_prompt = std::move(prompt); }
    // Selects these nodes (a link from the dashboard) and shows the first.
    void selectNodes(const QStringList &ids);

private:
    QList<QJsonObject> selectedNodes() const;
    void updateActions();
    void updateStatus();
    void drain();
    void undrain();
    void toggleEligibility();
    void report(const QString &what, const BulkResult &result);

    FleetFeed *m_feed;
    FleetActions *m_actions;
    LiveTableView *m_table;
    QToolBar *m_toolbar;
    QAction *m_drain;
    QAction *m_undrain;
    QAction *m_eligibility;
    QLabel *m_result;
    DrainPrompt m_prompt;
};

} // namespace gantry
