#include "livetabledelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace gantry {

namespace {
constexpr qsizetype kMaxTexts = 4096;
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
        m_font = opt.font;
    }
    auto it = m_texts.find(opt.text);
    if (it == m_texts.end()) {
        if (m_texts.size() >= kMaxTexts)
            m_texts.clear();
        QStaticText text(opt.text);
        text.setTextFormat(Qt::PlainText);
        text.setPerformanceHint(QStaticText::AggressiveCaching);
        text.prepare(QTransform(), opt.font);
        it = m_texts.insert(opt.text, text);
    }
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    const QSizeF size = it->size();
    if (size.width() > textRect.width()) { // elided: the style's way
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        return;
    }
    // What QCommonStyle's CE_ItemViewItem does for a text-only cell: the panel, then the text
    // in the colour of the cell's state, placed as its text layout would place it.
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
    qreal x = textRect.x();
    if (align & Qt::AlignRight)
        x += textRect.width() - size.width();
    else if (align & Qt::AlignHCenter)
        x += (textRect.width() - size.width()) / 2;
    painter->drawStaticText(QPointF(x, lineRect.top()), *it);
    painter->setFont(oldFont);
    painter->setPen(oldPen);
}

} // namespace gantry
