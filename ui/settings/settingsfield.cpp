#include "settingsfield.h"

#include "certificatetext.h"
#include "settingslisteditor.h"
#include "settingsmapeditor.h"
#include "settingsviewmodel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace gantry {

namespace {

QJsonValue textValue(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// An integer item's editor: what the admin types is kept as typed, out of range or not, so the
// field shows the value that live validation names ("70000 is out of range"); the arrows and
// Page Up/Down stay within the schema's bounds.
class SettingSpinBox final : public QSpinBox
{
public:
    SettingSpinBox(std::optional<qint64> min, std::optional<qint64> max, QWidget *parent)
        : QSpinBox(parent)
        , m_min(min ? int(std::max<qint64>(*min, kWidest.first)) : kWidest.first)
        , m_max(max ? int(std::min<qint64>(*max, kWidest.second)) : kWidest.second)
    {
        setRange(kWidest.first, kWidest.second);
    }

    void stepBy(int steps) override
    {
        const qint64 next = qint64(value()) + qint64(steps) * singleStep();
        setValue(int(std::clamp<qint64>(next, m_min, m_max)));
        selectAll();
    }

protected:
    StepEnabled stepEnabled() const override
    {
        StepEnabled enabled = StepNone;
        if (!isReadOnly() && value() < m_max)
            enabled |= StepUpEnabled;
        if (!isReadOnly() && value() > m_min)
            enabled |= StepDownEnabled;
        return enabled;
    }

private:
    static constexpr std::pair<int, int> kWidest{-1000000000, 1000000000};
    int m_min;
    int m_max;
};

} // namespace

SettingsField::SettingsField(SettingsViewModel *model, const SettingsItemSpec &spec,
                             QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_spec(spec)
    , m_label(new QLabel(this))
    , m_help(new QLabel(this))
    , m_error(new QLabel(this))
    , m_lock(new QLabel(this))
{
    setObjectName(QStringLiteral("field:") + spec.path);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->setSpacing(2);
    m_editor = buildEditor();
    layout->addWidget(m_editor);
    m_help->setText(spec.translatedHelp());
    m_help->setWordWrap(true);
    m_help->setVisible(!m_help->text().isEmpty());
    QFont small = m_help->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_help->setFont(small);
    m_help->setForegroundRole(QPalette::PlaceholderText);
    m_lock->setWordWrap(true);
    m_lock->setFont(small);
    m_lock->hide();
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setObjectName(QStringLiteral("error"));
    m_error->hide();
    layout->addWidget(m_error);
    layout->addWidget(m_lock);
    layout->addWidget(m_help);
    m_label->setWordWrap(true);
    if (m_spec.type != QLatin1String("bool"))
        m_label->setBuddy(m_secretEdit && m_spec.secret ? m_editor
                          : m_editor->focusProxy()      ? m_editor->focusProxy()
                                                        : m_editor);
    refresh();
}

SettingsListEditor *SettingsField::listEditor() const
{
    return qobject_cast<SettingsListEditor *>(m_editor);
}

QWidget *SettingsField::buildEditor()
{
    const QString name = m_spec.translatedLabel();
    const QString &type = m_spec.type;
    const QString placeholder =
        m_spec.defaultValue.isUndefined() || m_spec.defaultValue.isNull()
            ? QString()
            : tr("Default: %1").arg(SettingsFormSchema::displayText(m_spec.defaultValue));
    if (m_spec.secret && type != QLatin1String("file"))
        return buildSecret();
    if (type == QLatin1String("file"))
        return buildFile();
    if (type == QLatin1String("bool")) {
        auto *box = new QCheckBox(name, this);
        box->setAccessibleName(name);
        connect(box, &QCheckBox::toggled, this,
                [this](bool on) { m_model->setValue(m_spec.path, on); });
        m_controls << box;
        return box;
    }
    if (type == QLatin1String("select_one") && m_spec.options.size() <= 3) {
        auto *row = new QWidget(this);
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        auto *group = new QButtonGroup(row);
        for (const SettingsOption &o : m_spec.options) {
            auto *radio = new QRadioButton(
                QCoreApplication::translate("SettingsSchema", o.label.toUtf8().constData()), row);
            radio->setProperty("optionValue", o.value);
            radio->setAccessibleName(name + QStringLiteral(": ") + radio->text());
            group->addButton(radio);
            layout->addWidget(radio);
            m_controls << radio;
            connect(radio, &QRadioButton::toggled, this, [this, radio](bool on) {
                if (on)
                    m_model->setValue(m_spec.path, radio->property("optionValue").toString());
            });
        }
        layout->addStretch();
        row->setAccessibleName(name);
        if (!m_controls.isEmpty())
            row->setFocusProxy(m_controls.first());
        return row;
    }
    if (type == QLatin1String("select_one")) {
        auto *combo = new QComboBox(this);
        for (const SettingsOption &o : m_spec.options)
            combo->addItem(
                QCoreApplication::translate("SettingsSchema", o.label.toUtf8().constData()),
                o.value);
        combo->setAccessibleName(name);
        connect(combo, &QComboBox::activated, this, [this, combo](int i) {
            m_model->setValue(m_spec.path, combo->itemData(i).toString());
        });
        m_controls << combo;
        return combo;
    }
    if (type == QLatin1String("integer")) {
        auto *spin = new SettingSpinBox(m_spec.min, m_spec.max, this);
        spin->setAccessibleName(name);
        spin->setKeyboardTracking(true);
        if (!placeholder.isEmpty())
            spin->setToolTip(placeholder);
        connect(spin, &QSpinBox::valueChanged, this,
                [this](int v) { m_model->setValue(m_spec.path, v); });
        m_controls << spin;
        spin->setMaximumWidth(160);
        return spin;
    }
    if (type == QLatin1String("textarea")) {
        auto *edit = new QPlainTextEdit(this);
        edit->setAccessibleName(name);
        edit->setPlaceholderText(placeholder);
        edit->setTabChangesFocus(true);
        edit->setMinimumHeight(90);
        edit->setMaximumHeight(160);
        connect(edit, &QPlainTextEdit::textChanged, this,
                [this, edit] { m_model->setValue(m_spec.path, textValue(edit->toPlainText())); });
        m_controls << edit;
        return edit;
    }
    if (type == QLatin1String("list")) {
        auto *list = new SettingsListEditor(
            name, m_spec.itemValidator.startsWith(QLatin1String("pem")), this);
        connect(list, &SettingsListEditor::edited, this,
                [this](const QJsonArray &v) { m_model->setValue(m_spec.path, v); });
        m_controls << list;
        return list;
    }
    if (type == QLatin1String("map")) {
        auto *map = new SettingsMapEditor(name, this);
        connect(map, &SettingsMapEditor::edited, this,
                [this](const QJsonObject &v) { m_model->setValue(m_spec.path, v); });
        m_controls << map;
        return map;
    }
    auto *edit = new QLineEdit(this);
    edit->setAccessibleName(name);
    edit->setPlaceholderText(placeholder);
    if (type == QLatin1String("password"))
        edit->setEchoMode(QLineEdit::Password);
    connect(edit, &QLineEdit::textEdited, this,
            [this](const QString &text) { m_model->setValue(m_spec.path, textValue(text)); });
    m_controls << edit;
    return edit;
}

QWidget *SettingsField::buildSecret()
{
    const QString name = m_spec.translatedLabel();
    m_secretStack = new QStackedWidget(this);
    m_secretStack->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto *shown = new QWidget(m_secretStack);
    auto *row = new QHBoxLayout(shown);
    row->setContentsMargins(0, 0, 0, 0);
    m_secretLabel = new QLabel(shown);
    auto *change = new QPushButton(tr("Change…"), shown);
    auto *clear = new QPushButton(tr("Clear"), shown);
    change->setAccessibleName(tr("Change %1").arg(name));
    clear->setAccessibleName(tr("Clear %1").arg(name));
    row->addWidget(m_secretLabel, 1);
    row->addWidget(change);
    row->addWidget(clear);
    auto *entry = new QWidget(m_secretStack);
    auto *entryRow = new QHBoxLayout(entry);
    entryRow->setContentsMargins(0, 0, 0, 0);
    m_secretEdit = new QLineEdit(entry);
    m_secretEdit->setEchoMode(QLineEdit::Password);
    m_secretEdit->setAccessibleName(name);
    m_secretEdit->setPlaceholderText(tr("New value"));
    auto *keep = new QPushButton(tr("Keep saved"), entry);
    keep->setObjectName(QStringLiteral("keep"));
    keep->setAccessibleName(tr("Keep the saved %1").arg(name));
    entryRow->addWidget(m_secretEdit, 1);
    entryRow->addWidget(keep);
    m_secretStack->addWidget(shown);
    m_secretStack->addWidget(entry);
    m_secretStack->setFocusProxy(m_secretEdit);
    m_controls << change << clear << m_secretEdit << keep;
    connect(change, &QPushButton::clicked, this, [this] {
        m_secretStack->setCurrentIndex(1);
        m_secretEdit->setFocus();
    });
    connect(clear, &QPushButton::clicked, this, [this] { m_model->clearSecret(m_spec.path); });
    connect(keep, &QPushButton::clicked, this, [this] {
        m_secretEdit->clear();
        m_model->keepSecret(m_spec.path);
        m_secretStack->setCurrentIndex(0);
        refresh();
    });
    connect(m_secretEdit, &QLineEdit::textEdited, this,
            [this](const QString &text) { m_model->setSecret(m_spec.path, text); });
    return m_secretStack;
}

QWidget *SettingsField::buildFile()
{
    const QString name = m_spec.translatedLabel();
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    m_fileSummary = new QLabel(box);
    m_fileSummary->setWordWrap(true);
    m_fileSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *choose = new QPushButton(tr("Choose…"), box);
    auto *clear = new QPushButton(tr("Clear"), box);
    choose->setAccessibleName(tr("Choose the file for %1").arg(name));
    clear->setAccessibleName(tr("Clear %1").arg(name));
    row->addWidget(m_fileSummary, 1);
    row->addWidget(choose, 0, Qt::AlignTop);
    row->addWidget(clear, 0, Qt::AlignTop);
    box->setAccessibleName(name);
    box->setFocusProxy(choose);
    m_controls << choose << clear;
    connect(choose, &QPushButton::clicked, this, &SettingsField::chooseFile);
    connect(clear, &QPushButton::clicked, this, [this] {
        if (m_spec.secret)
            m_model->clearSecret(m_spec.path);
        else
            m_model->setValue(m_spec.path, QJsonValue(QJsonValue::Null));
    });
    return box;
}

void SettingsField::chooseFile()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Choose %1").arg(m_spec.translatedLabel()), {},
                                     tr("PEM files (*.pem *.crt *.key *.cer);;All files (*)"));
    if (file.isEmpty())
        return;
    QFile f(file);
    if (f.size() > 1024 * 1024 || !f.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Cannot read %1").arg(file),
                             f.size() > 1024 * 1024 ? tr("The file is larger than 1 MiB.")
                                                    : f.errorString());
        return;
    }
    const QString text = QString::fromUtf8(f.readAll());
    if (m_spec.secret)
        m_model->setSecret(m_spec.path, text);
    else
        m_model->setValue(m_spec.path, text);
}

void SettingsField::updateFileSummary()
{
    if (m_spec.secret) {
        switch (m_model->secretState(m_spec.path)) {
        case SettingsViewModel::SecretState::Set:
            m_fileSummary->setText(tr("•••• (set)"));
            break;
        case SettingsViewModel::SecretState::Unset:
            m_fileSummary->setText(tr("Not set"));
            break;
        case SettingsViewModel::SecretState::WillSet:
            m_fileSummary->setText(tr("•••• (new, not applied yet)"));
            break;
        case SettingsViewModel::SecretState::WillClear:
            m_fileSummary->setText(tr("Will be cleared when applied"));
            break;
        }
        return;
    }
    const QString pem = m_model->value(m_spec.path).toString();
    if (pem.isEmpty()) {
        m_fileSummary->setText(tr("No file chosen"));
        return;
    }
    const QString certs = CertificateText::describe(pem);
    m_fileSummary->setText(certs.isEmpty() ? tr("%n line(s) of text (no certificate)", nullptr,
                                                int(pem.count(QLatin1Char('\n'))) + 1)
                                           : certs);
}

void SettingsField::refresh()
{
    const QString name = m_spec.translatedLabel();
    const bool required = m_model->isRequired(m_spec.path);
    m_label->setText(m_spec.type == QLatin1String("bool") ? QString()
                     : required                           ? name + QStringLiteral(" *")
                                                          : name);
    m_label->setToolTip(required ? tr("Required") : QString());
    const QJsonValue v = m_model->value(m_spec.path);
    if (auto *box = qobject_cast<QCheckBox *>(m_editor)) {
        const QSignalBlocker block(box);
        box->setChecked(v.toBool());
    } else if (auto *combo = qobject_cast<QComboBox *>(m_editor)) {
        const QSignalBlocker block(combo);
        combo->setCurrentIndex(combo->findData(v.toString()));
    } else if (auto *spin = qobject_cast<QSpinBox *>(m_editor)) {
        const QSignalBlocker block(spin);
        spin->setValue(v.isDouble() ? v.toInt() : m_spec.defaultValue.toInt(spin->minimum()));
    } else if (auto *text = qobject_cast<QPlainTextEdit *>(m_editor)) {
        if (text->toPlainText() != v.toString()) {
            const QSignalBlocker block(text);
            text->setPlainText(v.toString());
        }
    } else if (auto *line = qobject_cast<QLineEdit *>(m_editor)) {
        if (line->text() != v.toString())
            line->setText(v.toString());
    } else if (auto *list = qobject_cast<SettingsListEditor *>(m_editor)) {
        list->setValue(v.toArray());
    } else if (auto *map = qobject_cast<SettingsMapEditor *>(m_editor)) {
        map->setValue(v.toObject());
    } else if (m_secretStack) {
        const auto state = m_model->secretState(m_spec.path);
        switch (state) {
        case SettingsViewModel::SecretState::Set:
            m_secretLabel->setText(tr("•••• (set)"));
            break;
        case SettingsViewModel::SecretState::Unset:
            m_secretLabel->setText(tr("Not set"));
            break;
        case SettingsViewModel::SecretState::WillClear:
            m_secretLabel->setText(tr("Will be cleared when applied"));
            break;
        case SettingsViewModel::SecretState::WillSet:
            break;
        }
        // An unset secret is simply typed in; a set one needs Change first.
        if (state == SettingsViewModel::SecretState::Unset ||
            state == SettingsViewModel::SecretState::WillSet)
            m_secretStack->setCurrentIndex(1);
        else
            m_secretStack->setCurrentIndex(0);
        if (state != SettingsViewModel::SecretState::WillSet)
            m_secretEdit->clear();
        const bool saved = m_model->savedValue(m_spec.path).toObject().value("set").toBool();
        m_secretStack->findChild<QPushButton *>(QStringLiteral("keep"))->setVisible(saved);
    } else if (m_fileSummary) {
        updateFileSummary();
    } else {
        for (QWidget *w : m_controls)
            if (auto *radio = qobject_cast<QRadioButton *>(w)) {
                const QSignalBlocker block(radio);
                radio->setChecked(radio->property("optionValue").toString() == v.toString());
            }
    }
    updateEditable();
}

void SettingsField::updateEditable()
{
    QString why;
    const bool locked = m_model->isLocked(m_spec.path, &why);
    if (!locked && m_model->isReadOnly())
        why = m_model->readOnlyReason();
    const bool editable = !locked && !m_model->isReadOnly();
    m_lock->setText(locked ? tr("Locked: %1").arg(why) : QString());
    m_lock->setVisible(locked);
    for (QWidget *w : std::as_const(m_controls)) {
        if (auto *list = qobject_cast<SettingsListEditor *>(w))
            list->setEditable(editable, why);
        else if (auto *map = qobject_cast<SettingsMapEditor *>(w))
            map->setEditable(editable, why);
        else if (auto *line = qobject_cast<QLineEdit *>(w))
            line->setReadOnly(!editable); // read-only text can still be selected and copied
        else
            w->setEnabled(editable);
        w->setToolTip(editable ? QString() : why);
    }
}

void SettingsField::refreshErrors()
{
    QStringList errors = m_model->errors(m_spec.path);
    // Next to its field, "ldap.port: " says nothing the layout does not.
    for (QString &e : errors)
        if (e.startsWith(m_spec.path + QStringLiteral(": ")))
            e = e.mid(m_spec.path.size() + 2);
    m_error->setText(errors.join(QLatin1Char('\n')));
    m_error->setVisible(!errors.isEmpty());
    m_editor->setProperty("invalid", !errors.isEmpty());
    m_editor->setAccessibleDescription(errors.join(QLatin1Char(' ')));
}

void SettingsField::focusEditor()
{
    QWidget *target = m_editor->focusProxy() ? m_editor->focusProxy() : m_editor;
    if (auto *list = qobject_cast<SettingsListEditor *>(m_editor))
        target = reinterpret_cast<QWidget *>(list->list());
    target->setFocus(Qt::OtherFocusReason);
}

} // namespace gantry
