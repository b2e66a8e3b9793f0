// QToolBar's buttons take no keyboard focus by default, so a page's actions were reachable only
// through their shortcuts: this puts every button (and widget) of a toolbar in the Tab chain, in
// toolbar order, each with the accessible name of its action.
#pragma once

#include <QAction>
#include <QToolBar>
#include <QWidget>

namespace gantry {

// Returns the toolbar's focusable widgets in order, for the page's setTabOrder chain.
inline QList<QWidget *> makeToolBarTabReachable(QToolBar *toolbar)
{
    QList<QWidget *> chain;
    for (QAction *action : toolbar->actions()) {
        QWidget *widget = toolbar->widgetForAction(action);
        if (!widget || action->isSeparator())
            continue;
        if (widget->focusPolicy() == Qt::NoFocus)
            widget->setFocusPolicy(Qt::TabFocus);
        if (!action->toolTip().isEmpty())
            widget->setAccessibleDescription(action->toolTip());
        if (widget->focusPolicy() & Qt::TabFocus)
            chain << widget;
    }
    return chain;
}

// setTabOrder along `chain`, skipping null entries.
inline void chainTabOrder(const QList<QWidget *> &chain)
{
    QWidget *previous = nullptr;
    for (QWidget *w : chain) {
        if (!w)
            continue;
        if (previous)
            QWidget::setTabOrder(previous, w);
        previous = w;
    }
}

} // namespace gantry
