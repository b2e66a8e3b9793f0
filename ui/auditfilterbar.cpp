#include "auditfilterbar.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace gantry {

namespace {

QLineEdit *lineEdit(const QString &placeholder, const QString &accessibleName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setAccessibleName(accessibleName);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

AuditFilterBar::AuditFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_range(new QComboBox(this))
    , m_since(new QDateTimeEdit(this))
    , m_until(new QDateTimeEdit(this))
    , m_action(lineEdit(tr("user.logged_in, workflow.job.*"), tr("Action"), this))
    , m_actor(lineEdit(tr("id or name"), tr("Actor"), this))
    , m_target(lineEdit(tr("id or name"), tr("Target"), this))
    , m_success(new QComboBox(this))
    , m_text(lineEdit(tr("words in names and payloads"), tr("Search text"), this))
    , m_apply(new QPushButton(tr("&Apply"), this))
    , m_clear(new QPushButton(tr("C&lear"), this))
    , m_problems(new QLabel(this))
{
    setAccessibleName(tr("Audit log filter"));
    for (const AuditFilter::Range range : AuditFilter::ranges())
        m_range->addItem(AuditFilter::rangeLabel(range), int(range));
    m_range->setCurrentIndex(m_range->findData(int(AuditFilter::Range::All)));
    m_range->setAccessibleName(tr("Time range"));
    for (QDateTimeEdit *edit : {m_since, m_until}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setDateTime(QDateTime::currentDateTime());
    }
    m_since->setDateTime(QDateTime::currentDateTime().addDays(-1));
    m_since->setAccessibleName(tr("From"));
    m_until->setAccessibleName(tr("Until"));
    m_since->setToolTip(tr("Events at or after this local time"));
    m_until->setToolTip(tr("Events before this local time"));

    auto *completer = new QCompleter(AuditFilter::knownActions(), m_action);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_action->setCompleter(completer);
    m_action->setToolTip(tr("An action, or a prefix ending in * for a family of actions"));

    m_success->addItem(tr("Any"));
    m_success->addItem(tr("Yes"), true);
    m_success->addItem(tr("No"), false);
    m_success->setAccessibleName(tr("Success"));
    m_text->setToolTip(tr("Full-text search; a word ending in * matches as a prefix"));
    m_apply->setDefault(true);
    m_apply->setAccessibleName(tr("Apply the filter"));
    m_clear->setAccessibleName(tr("Clear the filter"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #b01c1c"));
    m_problems->setAccessibleName(tr("Filter problems"));
    m_problems->hide();

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    grid->addWidget(label(tr("&Time:"), m_range), 0, 0);
    grid->addWidget(m_range, 0, 1);
    grid->addWidget(label(tr("F&rom:"), m_since), 0, 2);
    grid->addWidget(m_since, 0, 3);
    grid->addWidget(label(tr("U&ntil:"), m_until), 0, 4);
    grid->addWidget(m_until, 0, 5);
    grid->addWidget(label(tr("Su&ccess:"), m_success), 0, 6);
    grid->addWidget(m_success, 0, 7);
    grid->addWidget(label(tr("Act&ion:"), m_action), 1, 0);
    grid->addWidget(m_action, 1, 1);
    grid->addWidget(label(tr("Act&or:"), m_actor), 1, 2);
    grid->addWidget(m_actor, 1, 3);
    grid->addWidget(label(tr("Tar&get:"), m_target), 1, 4);
    grid->addWidget(m_target, 1, 5);
    grid->addWidget(label(tr("&Search:"), m_text), 1, 6);
    grid->addWidget(m_text, 1, 7);
    grid->addWidget(m_apply, 0, 8);
    grid->addWidget(m_clear, 1, 8);
    grid->addWidget(m_problems, 2, 0, 1, 9);
    for (int column : {1, 3, 5, 7})
        grid->setColumnStretch(column, 1);

    for (QLineEdit *edit : {m_action, m_actor, m_target, m_text})
        connect(edit, &QLineEdit::returnPressed, this, &AuditFilterBar::applyRequested);
    connect(m_apply, &QPushButton::clicked, this, &AuditFilterBar::applyRequested);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        setFilter({});
        Q_EMIT applyRequested();
    });
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        updateCustomRange();
        Q_EMIT applyRequested();
    });
    connect(m_success, &QComboBox::currentIndexChanged, this, &AuditFilterBar::applyRequested);
    updateCustomRange();
}

AuditFilter AuditFilterBar::filter() const
{
    AuditFilter f;
    f.range = AuditFilter::Range(m_range->currentData().toInt());
    if (f.range == AuditFilter::Range::Custom) {
        f.customSince = m_since->dateTime();
        f.customUntil = m_until->dateTime();
    }
    f.action = m_action->text().trimmed();
    f.actor = m_actor->text().trimmed();
    f.target = m_target->text().trimmed();
    if (m_success->currentIndex() > 0)
        f.success = m_success->currentData().toBool();
    f.text = m_text->text().trimmed();
    return f;
}

void AuditFilterBar::setFilter(const AuditFilter &f)
{
    const QSignalBlocker blockRange(m_range);
    const QSignalBlocker blockSuccess(m_success);
    m_range->setCurrentIndex(m_range->findData(int(f.range)));
    if (f.customSince.isValid())
        m_since->setDateTime(f.customSince.toLocalTime());
    if (f.customUntil.isValid())
        m_until->setDateTime(f.customUntil.toLocalTime());
    m_action->setText(f.action);
    m_actor->setText(f.actor);
    m_target->setText(f.target);
    m_success->setCurrentIndex(!f.success ? 0 : *f.success ? 1 : 2);
    m_text->setText(f.text);
    updateCustomRange();
}

void AuditFilterBar::setProblems(const QStringList &problems)
{
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
}

QString AuditFilterBar::problemsText() const
{
    return m_problems->text();
}

void AuditFilterBar::updateCustomRange()
{
    const bool custom = m_range->currentData().toInt() == int(AuditFilter::Range::Custom);
    m_since->setEnabled(custom);
    m_until->setEnabled(custom);
}

} // namespace gantry
