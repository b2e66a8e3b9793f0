#include "draindialog.h"

#include "fleetformat.h"
#include "nodesmodel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gantry {

namespace {
constexpr qint64 kCustom = -2;
}

DrainDialog::DrainDialog(const QList<QJsonObject> &nodes, QWidget *parent)
    : QDialog(parent)
    , m_nodes(nodes)
    , m_deadline(new QRadioButton(tr("&Deadline:"), this))
    , m_noDeadline(new QRadioButton(tr("&No deadline: let running allocations finish"), this))
    , m_force(new QRadioButton(tr("&Force: stop running allocations now"), this))
    , m_presets(new QComboBox(this))
    , m_customValue(new QSpinBox(this))
    , m_customUnit(new QComboBox(this))
    , m_ignoreSystem(new QCheckBox(tr("&Ignore system jobs (they keep running)"), this))
    , m_consequence(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    QStringList names;
    for (const QJsonObject &n : m_nodes) {
        m_running += NodesModel::runningAllocs(n);
        const QString name = n.value(QLatin1String("name")).toString();
        names << (name.isEmpty() ? n.value(QLatin1String("id")).toString() : name);
    }
    setWindowTitle(m_nodes.size() == 1 ? tr("Drain %1").arg(names.value(0))
                                       : tr("Drain %n node(s)", nullptr, int(m_nodes.size())));
    setObjectName(QStringLiteral("drainDialog"));

    auto *intro = new QLabel(tr("A draining node takes no new allocations. Nodes: %1.")
                                 .arg(names.size() > 6
                                          ? names.mid(0, 6).join(QStringLiteral(", ")) + tr(", …")
                                          : names.join(QStringLiteral(", "))),
                             this);
    intro->setWordWrap(true);

    m_presets->setAccessibleName(tr("Deadline preset"));
    const QList<std::pair<QString, qint64>> presets{
        {tr("1 hour"), 3600},        {tr("4 hours"), 4 * 3600}, {tr("8 hours"), 8 * 3600},
        {tr("12 hours"), 12 * 3600}, {tr("1 day"), 86400},      {tr("Custom…"), kCustom}};
    for (const auto &[label, seconds] : presets)
        m_presets->addItem(label, seconds);
    m_customValue->setRange(1, 9999);
    m_customValue->setValue(30);
    m_customValue->setAccessibleName(tr("Custom deadline"));
    m_customUnit->addItem(tr("minutes"), 60);
    m_customUnit->addItem(tr("hours"), 3600);
    m_customUnit->addItem(tr("days"), 86400);
    m_customUnit->setAccessibleName(tr("Custom deadline unit"));
    m_ignoreSystem->setAccessibleName(tr("Ignore system jobs"));
    m_deadline->setChecked(true);

    auto *group = new QButtonGroup(this);
    group->addButton(m_deadline);
    group->addButton(m_noDeadline);
    group->addButton(m_force);

    auto *deadlineRow = new QHBoxLayout;
    deadlineRow->addWidget(m_deadline);
    deadlineRow->addWidget(m_presets);
    deadlineRow->addWidget(m_customValue);
    deadlineRow->addWidget(m_customUnit);
    deadlineRow->addStretch(1);

    m_consequence->setWordWrap(true);
    m_consequence->setObjectName(QStringLiteral("consequence"));
    m_consequence->setAccessibleName(tr("What will happen"));
    m_consequence->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_consequence->setMinimumHeight(m_consequence->fontMetrics().lineSpacing() * 3);
    m_consequence->setFrameShape(QFrame::StyledPanel);
    m_consequence->setMargin(8);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(deadlineRow);
    layout->addWidget(m_noDeadline);
    layout->addWidget(m_force);
    layout->addWidget(m_ignoreSystem);
    layout->addSpacing(6);
    layout->addWidget(m_consequence);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    for (QRadioButton *b : {m_deadline, m_noDeadline, m_force})
        connect(b, &QRadioButton::toggled, this, &DrainDialog::update);
    connect(m_presets, &QComboBox::currentIndexChanged, this, [this] {
        m_deadline->setChecked(true);
        update();
    });
    connect(m_customValue, &QSpinBox::valueChanged, this, &DrainDialog::update);
    connect(m_customUnit, &QComboBox::currentIndexChanged, this, &DrainDialog::update);
    connect(m_ignoreSystem, &QCheckBox::toggled, this, &DrainDialog::update);
    setMinimumWidth(520);
    update();
    m_presets->setFocus();
}

QPushButton *DrainDialog::confirmButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

qint64 DrainDialog::deadlineSeconds() const
{
    if (m_force->isChecked())
        return -1;
    if (m_noDeadline->isChecked())
        return 0;
    const qint64 preset = m_presets->currentData().toLongLong();
    if (preset != kCustom)
        return preset;
    return qint64(m_customValue->value()) * m_customUnit->currentData().toLongLong();
}

DrainRequest DrainDialog::request() const
{
    DrainRequest r;
    r.enable = true;
    r.deadlineSeconds = deadlineSeconds();
    r.ignoreSystemJobs = m_ignoreSystem->isChecked();
    return r;
}

QString DrainDialog::consequenceText() const
{
    const qint64 seconds = deadlineSeconds();
    QString text;
    if (m_running == 0) {
        text = tr("No allocation runs on these nodes: they are drained at once and take no new "
                  "work until undrained.");
    } else if (seconds < 0) {
        text = tr("%n running allocation(s) will be stopped now and marked lost; their jobs end "
                  "as lost. The nodes take no new work until undrained.",
                  nullptr, m_running);
    } else if (seconds == 0) {
        text = tr("%n running allocation(s) may run to completion, however long that takes; the "
                  "nodes take no new work meanwhile.",
                  nullptr, m_running);
    } else {
        const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(seconds);
        text = tr("%n running allocation(s) may finish within %1; any still running at %2 will "
                  "be stopped and marked lost. The nodes take no new work meanwhile.",
                  nullptr, m_running)
                   .arg(FleetFormat::duration(double(seconds)), FleetFormat::time(at));
    }
    if (m_ignoreSystem->isChecked())
        text += QLatin1Char(' ') + tr("System jobs are left running on the nodes.");
    return text;
}

void DrainDialog::update()
{
    const bool custom = m_presets->currentData().toLongLong() == kCustom;
    m_customValue->setVisible(custom);
    m_customUnit->setVisible(custom);
    m_consequence->setText(consequenceText());
    const int nodes = int(m_nodes.size());
    confirmButton()->setText(m_force->isChecked() && m_running > 0
                                 ? tr("Drain and stop %n allocation(s)", nullptr, m_running)
                                 : tr("Drain %n node(s)", nullptr, nodes));
    confirmButton()->setEnabled(nodes > 0);
}

} // namespace gantry
