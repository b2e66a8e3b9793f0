// The Users page: who has logged in to this console through LDAP, with their role; admins
// promote viewers to admins and back.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace gantry {

class ConsoleAccess;
class UsersModel;

class UsersPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsersPage)
public:
    UsersPage(UsersModel *users, ConsoleAccess *access, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QPushButton *promoteButton() const { return m_promote; }
    QPushButton *demoteButton() const { return m_demote; }

private:
    void updateButtons();

    UsersModel *m_users;
    ConsoleAccess *m_access;
    QLabel *m_note;
    QLabel *m_empty; // instead of an empty table
    QTableView *m_table;
    QPushButton *m_promote;
    QPushButton *m_demote;
    QPushButton *m_refresh;
};

} // namespace gantry
