// A page whose real content comes with a later capability: its title and what it will hold.
#pragma once

#include <QWidget>

namespace gantry {

class PlaceholderPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaceholderPage)
public:
    PlaceholderPage(const QString &title, const QString &description, QWidget *parent = nullptr);
};

} // namespace gantry
