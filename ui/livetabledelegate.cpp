#include "livetabledelegate.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QStyle>

#include <algorithm>

namespace gantry {

namespace {
constexpr qsizetype kMaxTexts = 4096;

QStaticText prepared(const QString &string, const QFont &font)
{
    QStaticText text(string);
    text.setTextFormat(Qt::PlainText);
    text.setPerformanceHint(QStaticText::AggressiveCaching);
    text.prepare(QTransform(), font);
    return text;
}

const QStaticText *cached(QHash<QString, QStaticText> &texts, const QString &string,
                          const QFont &font)
{
    auto it = texts.constFind(string);
    if (it == texts.cend()) {
        if (texts.size() >= kMaxTexts)
            texts.clear();
        it = texts.insert(string, prepared(string, font));
    }
    return &*it;
}
} // namespace

size_t qHash(const LiveTableDelegate::ElidedKey &key, size_t seed)
{
    return qHashMulti(seed, key.text, key.width, key.mode);
}

size_t qHash(const LiveTableDelegate::PanelKey &key, size_t seed)
{
    return qHashMulti(seed, key.style, key.styleClass, key.widget, key.state, key.features,
                      key.palette, key.size.width(), key.size.height());
}

bool LiveTableDelegate::panelDrawsSomething(const QStyle *style,
                                            const QStyleOptionViewItem &opt) const
{
    // A selected cell or one with a background brush is painted by most styles: always drawn.
    if ((opt.state & QStyle::State_Selected) || opt.backgroundBrush.style() != Qt::NoBrush)
        return true;
    // Otherwise most styles draw nothing, yet Fusion works out its palette's outline colours
    // (HSV conversions) on every call: a sixth of the repaint. So the panel is painted once
    // into a transparent image per kind of cell, and skipped while that showed nothing.
    const PanelKey key{style,
                       style->metaObject(),
                       opt.widget,
                       int(opt.state),
                       int(opt.features),
                       opt.palette.cacheKey(),
                       opt.rect.size()};
    const auto it = m_panels.constFind(key);
    if (it != m_panels.cend())
        return *it;
    if (m_panels.size() >= 256)
        m_panels.clear();
    QImage probe(opt.rect.size(), QImage::Format_ARGB32_Premultiplied);
    probe.fill(Qt::transparent);
    QPainter painter(&probe);
    QStyleOptionViewItem moved = opt;
    moved.rect.moveTo(0, 0);
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &moved, &painter, opt.widget);
    painter.end();
    bool drawn = false;
    for (int y = 0; y < probe.height() && !drawn; ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(probe.constScanLine(y));
        drawn = std::any_of(line, line + probe.width(), [](QRgb px) { return px != 0; });
    }
    m_panels.insert(key, drawn);
    return drawn;
}

void LiveTableDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const bool plain =
        !(opt.features & (QStyleOptionViewItem::WrapText | QStyleOptionViewItem::HasCheckIndicator |
                          QStyleOptionViewItem::HasDecoration)) &&
        !(opt.state & (QStyle::State_HasFocus | QStyle::State_Editing)) &&
        opt.direction == Qt::LeftToRight && !style->inherits("QStyleSheetStyle") &&
        !opt.text.contains(QLatin1Char('\n')) && !opt.text.contains(QLatin1Char('\t')) &&
        !opt.text.contains(QChar::LineSeparator);
    if (!plain) {
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        return;
    }
    if (opt.font != m_font) {
        m_texts.clear();
        m_elided.clear();
        m_font = opt.font;
    }
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    const QStaticText *text = cached(m_texts, opt.text, opt.font);
    // Placed by the whole text's height, as the style places an elided line.
    const QSizeF size = text->size();
    if (size.width() > textRect.width()) {
        // Elided as QCommonStyle elides a single line (QFontMetrics::elidedText to the text
        // rectangle's width), and kept: shaping and eliding again on every paint cost a
        // column of too-long texts (a narrow Submitted column) a quarter of the repaint.
        const ElidedKey key{opt.text, textRect.width(), int(opt.textElideMode)};
        auto it = m_elided.constFind(key);
        if (it == m_elided.cend()) {
            if (m_elided.size() >= kMaxTexts)
                m_elided.clear();
            const QString elided =
                QFontMetrics(opt.font).elidedText(opt.text, opt.textElideMode, textRect.width());
            it = m_elided.insert(key, prepared(elided, opt.font));
        }
        text = &*it;
    }
    // What QCommonStyle's CE_ItemViewItem does for a text-only cell: the panel, then the text
    // in the colour of the cell's state, placed as its text layout would place it.
    if (panelDrawsSomething(style, opt))
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    if (opt.text.isEmpty())
        return;
    QPalette::ColorGroup group =
        opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
        group = QPalette::Inactive;
    const QPen oldPen = painter->pen();
    const QFont oldFont = painter->font();
    painter->setPen(opt.palette.color(
        group, opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    const Qt::Alignment align = QStyle::visualAlignment(opt.direction, opt.displayAlignment);
    const QRect lineRect =
        QStyle::alignedRect(opt.direction, align & Qt::AlignVertical_Mask,
                            QSize(textRect.width(), qCeil(size.height())), textRect);
    const qreal width = text->size().width();
    qreal x = textRect.x();
    if (align & Qt::AlignRight)
        x += textRect.width() - width;
    else if (align & Qt::AlignHCenter)
        x += (textRect.width() - width) / 2;
    painter->drawStaticText(QPointF(x, lineRect.top()), *text);
    painter->setFont(oldFont);
    painter->setPen(oldPen);
}

} // namespace gantry
