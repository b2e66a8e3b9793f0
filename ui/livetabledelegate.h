// Paints a live table's plain text cells from text laid out once and kept (QStaticText) rather
// than shaped again, two or three times, on every paint (QCommonStyle's item text: most of a
// 50,000-row table's repaint, tests/bench/README.md). Anything else — icons, check boxes, the
// focused cell, wrapped, multi-line or tabbed text, right-to-left, style sheets — the style
// paints as before. Elided texts are elided once, as the style elides them, and kept too; the
// style's item panel is skipped where painting it once showed it draws nothing.
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

    // An elided text is kept per text, width and elide mode.
    struct ElidedKey
    {
        QString text;
        int width = 0;
        int mode = 0;
        friend bool operator==(const ElidedKey &, const ElidedKey &) = default;
    };

    // The panel is asked once per style, widget, state, features, palette and size.
    struct PanelKey
    {
        const QStyle *style = nullptr;
        const QMetaObject *styleClass = nullptr; // a new style at a freed one's address differs
        const QWidget *widget = nullptr;
        int state = 0;
        int features = 0;
        qint64 palette = 0;
        QSize size;
        friend bool operator==(const PanelKey &, const PanelKey &) = default;
    };

private:
    bool panelDrawsSomething(const QStyle *style, const QStyleOptionViewItem &opt) const;

    // Laid-out texts of the cells painted lately, for one font; cleared when it grows past a
    // few screens' worth (ids of rows scrolled past are not worth keeping).
    mutable QHash<QString, QStaticText> m_texts;
    mutable QHash<ElidedKey, QStaticText> m_elided;
    mutable QFont m_font;
    mutable QHash<PanelKey, bool> m_panels;
};

size_t qHash(const LiveTableDelegate::ElidedKey &key, size_t seed = 0);
size_t qHash(const LiveTableDelegate::PanelKey &key, size_t seed = 0);

} // namespace gantry
