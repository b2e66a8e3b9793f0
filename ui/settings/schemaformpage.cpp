#include "schemaformpage.h"

#include "checkrundialog.h"
#include "settingschecks.h"
#include "settingsfield.h"
#include "settingsviewmodel.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace gantry {

SchemaFormPage::SchemaFormPage(SettingsViewModel *model, SettingsChecks *checks,
                               const QString &group, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_checks(checks)
    , m_group(group)
    , m_title(new QLabel(this))
    , m_help(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_bannerButton(new QPushButton(tr("Show the first problem"), this))
    , m_readOnly(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_status(new QLabel(this))
    , m_discard(new QPushButton(tr("Discard changes"), this))
    , m_apply(new QPushButton(tr("Review and apply…"), this))
{
    setObjectName(QStringLiteral("settings/") + group);
    auto *layout = new QVBoxLayout(this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_help->setWordWrap(true);
    layout->addWidget(m_title);
    layout->addWidget(m_help);
    auto *bannerRow = new QHBoxLayout;
    m_banner->setWordWrap(true);
    m_banner->setObjectName(QStringLiteral("problemBanner"));
    m_banner->setStyleSheet(QStringLiteral(
        "QLabel { background: #fdecea; color: #611a15; padding: 6px; border-radius: 3px; }"));
    bannerRow->addWidget(m_banner, 1);
    bannerRow->addWidget(m_bannerButton);
    layout->addLayout(bannerRow);
    m_banner->hide();
    m_bannerButton->hide();
    m_readOnly->setWordWrap(true);
    m_readOnly->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4e5; color: #663c00; padding: 6px; border-radius: 3px; }"));
    m_readOnly->hide();
    layout->addWidget(m_readOnly);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);
    auto *tests = new QHBoxLayout;
    addTestButtons(tests);
    layout->addLayout(tests);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_discard);
    bottom->addWidget(m_apply);
    layout->addLayout(bottom);
    m_apply->setDefault(true);

    connect(m_bannerButton, &QPushButton::clicked, this, [this] {
        const QStringList failing = m_model->failingPaths();
        if (!failing.isEmpty())
            scrollToField(failing.first());
    });
    connect(m_discard, &QPushButton::clicked, m_model, &SettingsViewModel::discard);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (!showProblems())
            Q_EMIT reviewRequested();
    });
    connect(m_model, &SettingsViewModel::loaded, this, [this] {
        if (!m_form)
            build();
        for (SettingsField *f : std::as_const(m_fields))
            f->refresh();
        rebuildVisibility();
        updateStatus();
    });
    connect(m_model, &SettingsViewModel::valueChanged, this, [this](const QString &path) {
        if (SettingsField *f = m_fields.value(path))
            f->refresh();
        updateStatus();
    });
    connect(m_model, &SettingsViewModel::visibilityChanged, this,
            &SchemaFormPage::rebuildVisibility);
    connect(m_model, &SettingsViewModel::errorsChanged, this, &SchemaFormPage::refreshErrors);
    connect(m_model, &SettingsViewModel::dirtyChanged, this, &SchemaFormPage::updateStatus);
    connect(m_model, &SettingsViewModel::busyChanged, this, &SchemaFormPage::updateStatus);
    connect(m_model, &SettingsViewModel::validating, this, &SchemaFormPage::updateStatus);
    connect(m_model, &SettingsViewModel::readOnlyChanged, this, &SchemaFormPage::updateReadOnly);
    connect(m_model, &SettingsViewModel::changedElsewhere, this, [this](int version) {
        m_elsewhereVersion = version;
        updateStatus();
    });
    connect(m_model, &SettingsViewModel::applied, this, [this] {
        m_elsewhereVersion = 0;
        updateStatus();
    });
    connect(m_model, &SettingsViewModel::loadFailed, this, [this](const QString &error) {
        m_status->setText(tr("Cannot read the settings: %1").arg(error));
    });
    if (m_model->isLoaded())
        build();
    updateStatus();
    updateReadOnly();
}

void SchemaFormPage::build()
{
    const SettingsGroupSpec *spec = m_model->schema().group(m_group);
    if (!spec)
        return;
    m_title->setText(
        QCoreApplication::translate("SettingsSchema", spec->label.toUtf8().constData()));
    m_help->setText(QCoreApplication::translate("SettingsSchema", spec->help.toUtf8().constData()));
    m_formHost = new QWidget;
    auto *hostLayout = new QVBoxLayout(m_formHost);
    m_form = new QFormLayout;
    hostLayout->addLayout(m_form);
    hostLayout->addStretch(1); // rows keep their height; the space is left below them
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    for (const SettingsItemSpec &item : spec->items) {
        auto *field = new SettingsField(m_model, item, m_formHost);
        field->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
        m_form->addRow(field->label(), field);
        m_fields.insert(item.path, field);
    }
    m_scroll->setWidget(m_formHost);
    rebuildVisibility();
    refreshErrors();
    updateReadOnly();
}

bool SchemaFormPage::isFieldVisible(const QString &path) const
{
    SettingsField *f = m_fields.value(path);
    return f && !f->isHidden();
}

void SchemaFormPage::rebuildVisibility()
{
    if (!m_form)
        return;
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        const bool shown = m_model->isShown(it.key());
        if (shown != !it.value()->isHidden()) {
            m_form->setRowVisible(it.value(), shown);
            it.value()->setVisible(shown);
        }
        it.value()->refresh(); // a `when` also moves the required mark
    }
}

void SchemaFormPage::refreshErrors()
{
    for (SettingsField *f : std::as_const(m_fields))
        f->refreshErrors();
    if (m_showProblems && m_model->problemCount() == 0)
        m_showProblems = false;
    updateStatus();
}

bool SchemaFormPage::showProblems()
{
    const int problems = m_model->problemCount();
    m_showProblems = problems > 0;
    updateStatus();
    if (!m_showProblems)
        return false;
    const QStringList failing = m_model->failingPaths();
    for (const QString &path : failing)
        if (m_fields.contains(path)) {
            scrollToField(path);
            return true;
        }
    if (!failing.isEmpty())
        Q_EMIT fieldRequested(failing.first());
    return true;
}

void SchemaFormPage::scrollToField(const QString &path)
{
    SettingsField *f = m_fields.value(path);
    if (!f) {
        Q_EMIT fieldRequested(path);
        return;
    }
    if (m_form && m_form->labelForField(f))
        m_scroll->ensureWidgetVisible(m_form->labelForField(f), 0, 0);
    m_scroll->ensureWidgetVisible(f, 20, 20);
    f->focusEditor();
}

void SchemaFormPage::updateStatus()
{
    const int problems = m_model->problemCount();
    if (m_showProblems && problems > 0) {
        QStringList here;
        QStringList elsewhere;
        for (const QString &path : m_model->failingPaths()) {
            const SettingsItemSpec *s = m_model->schema().item(path);
            const QString label = s ? s->translatedLabel() : path;
            (m_fields.contains(path) ? here : elsewhere) << label;
        }
        QString text = tr("%n problem(s) must be fixed before the settings can be applied.",
                          nullptr, problems);
        if (!here.isEmpty())
            text += QLatin1Char(' ') + tr("On this page: %1.").arg(here.join(QStringLiteral(", ")));
        if (!elsewhere.isEmpty())
            text += QLatin1Char(' ') +
                    tr("On other pages: %1.").arg(elsewhere.join(QStringLiteral(", ")));
        for (const QString &general : m_model->generalErrors())
            text += QLatin1Char(' ') + general;
        m_banner->setText(text);
        m_banner->setAccessibleName(text);
    }
    m_banner->setVisible(m_showProblems && problems > 0);
    m_bannerButton->setVisible(m_showProblems && problems > 0);
    const int changes = int(m_model->changes().size());
    QString status;
    if (m_model->isBusy())
        status = tr("Applying…");
    else if (changes > 0)
        status = tr("%n unsaved change(s) across the settings pages", nullptr, changes);
    else if (m_model->isLoaded())
        status = m_model->version() > 0
                     ? tr("Applied version %1, no unsaved changes").arg(m_model->version())
                     : tr("Nothing applied yet");
    else
        status = tr("Loading the settings…");
    if (changes > 0 && m_elsewhereVersion > 0)
        status += QStringLiteral(" · ") +
                  tr("version %1 was applied elsewhere meanwhile; your changes are kept on top "
                     "of it")
                      .arg(m_elsewhereVersion);
    if (problems > 0 && !m_showProblems)
        status += QStringLiteral(" · ") + tr("%n problem(s)", nullptr, problems);
    m_status->setText(status);
    const bool canEdit = !m_model->isReadOnly() && !m_model->isBusy();
    m_discard->setEnabled(canEdit && m_model->isDirty());
    m_apply->setEnabled(canEdit && m_model->isLoaded());
}

void SchemaFormPage::updateReadOnly()
{
    const bool ro = m_model->isReadOnly();
    m_readOnly->setText(m_model->readOnlyReason());
    m_readOnly->setVisible(ro);
    for (QPushButton *b : {m_apply, m_discard})
        b->setToolTip(ro ? m_model->readOnlyReason() : QString());
    for (QPushButton *b : std::as_const(m_tests)) {
        b->setEnabled(!ro);
        b->setToolTip(ro ? m_model->readOnlyReason() : QString());
    }
    for (SettingsField *f : std::as_const(m_fields))
        f->refresh();
    updateStatus();
}

void SchemaFormPage::addTestButtons(QLayout *row)
{
    QList<QPair<QString, QString>> buttons;
    if (m_group == QLatin1String("ldap"))
        buttons = {{QStringLiteral("ldap"), tr("Test LDAP…")}};
    else if (m_group == QLatin1String("tls"))
        buttons = {{QStringLiteral("tls"), tr("Verify TLS…")},
                   {QStringLiteral("self-signed"), tr("Generate self-signed certificate…")},
                   {QStringLiteral("fetch-chain"), tr("Fetch CA chain from host…")}};
    else if (m_group == QLatin1String("proxy"))
        buttons = {{QStringLiteral("proxy"), tr("Test proxy…")}};
    for (const auto &[name, text] : buttons) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QStringLiteral("test:") + name);
        connect(b, &QPushButton::clicked, this, [this, name = name] { runCheck(name); });
        row->addWidget(b);
        m_tests.insert(name, b);
    }
    if (!buttons.isEmpty())
        static_cast<QHBoxLayout *>(row)->addStretch();
}

void SchemaFormPage::runCheck(const QString &name)
{
    const QString hostname = m_model->value(QStringLiteral("general.hostname")).toString();
    CheckRunDialog *dialog = nullptr;
    if (name == QLatin1String("ldap")) {
        dialog = new CheckRunDialog(
            m_checks, SettingsChecks::Kind::Ldap, tr("Test LDAP"),
            tr("Logs in as a test user with the LDAP settings as they are on this page, "
               "unsaved changes included."),
            this);
        dialog->addInput(QStringLiteral("username"), tr("Test user"));
        dialog->addInput(QStringLiteral("password"), tr("Password"), {}, true);
        dialog->setRunner([this](const QHash<QString, QString> &in) {
            m_checks->testLdap(in.value(QStringLiteral("username")),
                               in.value(QStringLiteral("password")));
        });
    } else if (name == QLatin1String("tls")) {
        dialog = new CheckRunDialog(m_checks, SettingsChecks::Kind::Tls, tr("Verify TLS"),
                                    tr("Checks the certificate chain and private key on this "
                                       "page (unsaved changes included) for the host name."),
                                    this);
        dialog->addInput(QStringLiteral("hostname"), tr("Host name"), hostname);
        dialog->setRunner([this](const QHash<QString, QString> &in) {
            m_checks->verifyTls(in.value(QStringLiteral("hostname")));
        });
    } else if (name == QLatin1String("self-signed")) {
        dialog = new CheckRunDialog(
            m_checks, SettingsChecks::Kind::SelfSigned, tr("Generate self-signed certificate"),
            tr("Creates an RSA 2048 certificate and key for the host name and fills them in "
               "(not applied until you apply). Browsers and build nodes will not trust it "
               "unless you add it to their trust stores."),
            this);
        dialog->addInput(QStringLiteral("hostname"), tr("Host name"), hostname);
        dialog->addInput(QStringLiteral("days"), tr("Valid for (days)"), QStringLiteral("365"));
        dialog->setRunner([this](const QHash<QString, QString> &in) {
            m_checks->generateSelfSigned(in.value(QStringLiteral("hostname")),
                                         in.value(QStringLiteral("days")).toInt());
        });
    } else if (name == QLatin1String("fetch-chain")) {
        dialog = new CheckRunDialog(
            m_checks, SettingsChecks::Kind::FetchChain, tr("Fetch CA chain from host"),
            tr("Reads the certificate chain a TLS server presents (e.g. your GitHub "
               "Enterprise) and adds it to the custom root CAs, unsaved."),
            this);
        dialog->addInput(QStringLiteral("host"), tr("Host"));
        dialog->addInput(QStringLiteral("port"), tr("Port"), QStringLiteral("443"));
        dialog->setRunner([this](const QHash<QString, QString> &in) {
            m_checks->fetchChain(in.value(QStringLiteral("host")),
                                 in.value(QStringLiteral("port")).toInt());
        });
        connect(m_checks, &SettingsChecks::chainFetched, dialog, [this](const QString &pem) {
            const QString path = QStringLiteral("tls.custom_root_cas");
            QJsonArray list = m_model->value(path).toArray();
            if (!pem.isEmpty() && !list.contains(pem))
                list.append(pem);
            m_model->setValue(path, list);
        });
    } else if (name == QLatin1String("proxy")) {
        dialog = new CheckRunDialog(m_checks, SettingsChecks::Kind::Proxy, tr("Test proxy"),
                                    tr("Fetches the URL through the proxy settings on this page, "
                                       "unsaved changes included."),
                                    this);
        dialog->addInput(QStringLiteral("url"), tr("URL"), QStringLiteral("https://github.com"));
        dialog->setRunner([this](const QHash<QString, QString> &in) {
            m_checks->testProxy(in.value(QStringLiteral("url")));
        });
    }
    if (!dialog)
        return;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace gantry
