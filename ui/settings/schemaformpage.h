// One settings group as a page generated from the schema: a field per item laid out by type,
// `when` applied live, gantryd's errors next to their fields, a banner that counts problems,
// the group's test buttons, and Review and apply.
#pragma once

#include <QHash>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;
class QScrollArea;

namespace gantry {

class SettingsChecks;
class SettingsField;
class SettingsViewModel;

class SchemaFormPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SchemaFormPage)
public:
    SchemaFormPage(SettingsViewModel *model, SettingsChecks *checks, const QString &group,
                   QWidget *parent = nullptr);

    QString group() const { return m_group; }
    SettingsField *field(const QString &path) const { return m_fields.value(path); }
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *testButton(const QString &name) const { return m_tests.value(name); }
    QLabel *banner() const { return m_banner; }
    bool isFieldVisible(const QString &path) const;

    // Marks the failing fields, shows the banner and scrolls to the first failing field of
    // this page; false when there are no problems.
    bool showProblems();
    void scrollToField(const QString &path);

Q_SIGNALS:
    void reviewRequested();
    // A problem lives on another page ("tls.private_key" while on LDAP).
    void fieldRequested(const QString &path);

private:
    void build();
    void rebuildVisibility();
    void refreshErrors();
    void updateStatus();
    void addTestButtons(QLayout *row);
    void runCheck(const QString &name);
    void updateReadOnly();

    SettingsViewModel *m_model;
    SettingsChecks *m_checks;
    QString m_group;
    QLabel *m_title;
    QLabel *m_help;
    QLabel *m_banner;
    QPushButton *m_bannerButton;
    QLabel *m_readOnly;
    QScrollArea *m_scroll;
    QWidget *m_formHost = nullptr;
    QFormLayout *m_form = nullptr;
    QLabel *m_status;
    int m_elsewhereVersion = 0; // a version applied by someone else while this console edited
    QPushButton *m_discard;
    QPushButton *m_apply;
    QHash<QString, SettingsField *> m_fields;
    QHash<QString, QPushButton *> m_tests;
    bool m_showProblems = false;
};

} // namespace gantry
