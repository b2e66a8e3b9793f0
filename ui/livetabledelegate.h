// Paints a live table's plain text cells from text laid out once and kept (QStaticText) rather
// than shaped again, two or three times, on every paint (QCommonStyle's item text: most of a
// 50,000-row table's repaint, tests/bench/README.md). Anything else — icons, check boxes, the
// focused cell, wrapped, multi-line, tabbed or elided text, right-to-left, style sheets — the
// style paints as before.
#pragma once

#include <QFont>
#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace gantry {

class LiveTableDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveTableDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    // Laid-out texts of the cells painted lately, for one font; cleared when it grows past a
    // few screens' worth (ids of rows scrolled past are not worth keeping).
    mutable QHash<QString, QStaticText> m_texts;
    mutable QFont m_font;
};

} // namespace gantry
