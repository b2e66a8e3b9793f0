#include "logviewer.h"

#include "allocationlog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

namespace gantry {

namespace {
constexpr int kMaxHighlights = 2000;
}

LogViewer::LogViewer(AllocationLog *log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_stream(new QComboBox(this))
    , m_follow(new QCheckBox(tr("&Follow"), this))
    , m_jump(new QPushButton(tr("&Jump to latest"), this))
    , m_search(new QLineEdit(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_matchLabel(new QLabel(this))
    , m_save(new QPushButton(tr("&Save…"), this))
    , m_text(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    setAccessibleName(tr("Allocation log"));
    m_stream->addItem(tr("stdout"), int(AllocationLog::Stream::Stdout));
    m_stream->addItem(tr("stderr"), int(AllocationLog::Stream::Stderr));
    m_stream->setAccessibleName(tr("Log stream"));
    m_follow->setChecked(true);
    m_follow->setAccessibleName(tr("Follow the end of the log"));
    m_follow->setToolTip(
        tr("Stays on while the view is at the bottom; scroll up to read in peace"));
    m_jump->setAccessibleName(tr("Jump to latest"));
    m_jump->setEnabled(false);
    m_search->setPlaceholderText(tr("Search the log…"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the log"));
    m_previous->setText(tr("Previous"));
    m_previous->setAccessibleName(tr("Previous match"));
    m_previous->setShortcut(QKeySequence::FindPrevious);
    m_next->setText(tr("Next"));
    m_next->setAccessibleName(tr("Next match"));
    m_next->setShortcut(QKeySequence::FindNext);
    m_save->setAccessibleName(tr("Save the log to a file"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setMaximumBlockCount(kDefaultMaxLines);
    m_text->setAccessibleName(tr("Log text"));
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_status->setAccessibleName(tr("Log status"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_stream);
    bar->addWidget(m_follow);
    bar->addWidget(m_jump);
    bar->addSpacing(12);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_previous);
    bar->addWidget(m_next);
    bar->addWidget(m_matchLabel);
    bar->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);

    // Tab follows the bar from left to right, then the text.
    setTabOrder(m_stream, m_follow);
    setTabOrder(m_follow, m_jump);
    setTabOrder(m_jump, m_search);
    setTabOrder(m_search, m_previous);
    setTabOrder(m_previous, m_next);
    setTabOrder(m_next, m_save);
    setTabOrder(m_save, m_text);

    m_highlightTimer.setSingleShot(true);
    m_highlightTimer.setInterval(150);
    connect(&m_highlightTimer, &QTimer::timeout, this, &LogViewer::highlight);

    connect(m_log, &AllocationLog::cleared, this, &LogViewer::clear);
    connect(m_log, &AllocationLog::appended, this, &LogViewer::append);
    connect(m_log, &AllocationLog::failed, this, [this](const QString &error) {
        m_lastError = error;
        updateStatus();
    });
    connect(m_log, &AllocationLog::stateChanged, this, [this] {
        if (m_log->isFollowing())
            m_lastError.clear(); // back on the stream: the last failure is history
        updateStatus();
    });
    connect(m_stream, &QComboBox::currentIndexChanged, this,
            [this] { m_log->setStream(AllocationLog::Stream(m_stream->currentData().toInt())); });
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            jumpToLatest();
    });
    connect(m_jump, &QPushButton::clicked, this, &LogViewer::jumpToLatest);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_highlightTimer.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &LogViewer::findNext);
    connect(m_next, &QToolButton::clicked, this, &LogViewer::findNext);
    connect(m_previous, &QToolButton::clicked, this, &LogViewer::findPrevious);
    connect(m_save, &QPushButton::clicked, this, &LogViewer::save);
    connect(m_text->verticalScrollBar(), &QScrollBar::valueChanged, this, &LogViewer::onScrolled);
    connect(m_text->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this] {
        if (m_follow->isChecked())
            scrollToBottom();
    });
    updateStatus();
}

void LogViewer::setMaxLines(int lines)
{
    m_text->setMaximumBlockCount(lines);
}

int LogViewer::maxLines() const
{
    return m_text->maximumBlockCount();
}

bool LogViewer::isFollowing() const
{
    return m_follow->isChecked();
}

QString LogViewer::text() const
{
    return m_text->toPlainText();
}

QString LogViewer::statusText() const
{
    return m_status->text();
}

void LogViewer::clear()
{
    m_text->clear();
    m_linesReceived = 0;
    m_unseen = 0;
    m_lastError.clear();
    m_follow->setChecked(true);
    updateStatus();
}

void LogViewer::scrollToBottom()
{
    m_adjusting = true;
    m_text->verticalScrollBar()->setValue(m_text->verticalScrollBar()->maximum());
    m_adjusting = false;
}

void LogViewer::append(const QString &text)
{
    const int newLines = int(text.count(QLatin1Char('\n')));
    m_linesReceived += newLines;
    QScrollBar *bar = m_text->verticalScrollBar();
    const int keep = bar->value();
    m_adjusting = true;
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    if (m_follow->isChecked()) {
        bar->setValue(bar->maximum());
    } else {
        bar->setValue(keep); // the reader stays where they are reading
        m_unseen += newLines;
    }
    m_adjusting = false;
    m_jump->setEnabled(!m_follow->isChecked());
    m_jump->setText(m_unseen > 0 ? tr("&Jump to latest (%n new line(s))", nullptr, m_unseen)
                                 : tr("&Jump to latest"));
    if (!m_search->text().isEmpty())
        m_highlightTimer.start();
    updateStatus();
}

void LogViewer::onScrolled()
{
    if (m_adjusting)
        return;
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum();
    if (atBottom != m_follow->isChecked()) {
        const QSignalBlocker blocker(m_follow);
        m_follow->setChecked(atBottom);
    }
    if (atBottom) {
        m_unseen = 0;
        m_jump->setText(tr("&Jump to latest"));
    }
    m_jump->setEnabled(!atBottom);
}

void LogViewer::jumpToLatest()
{
    scrollToBottom();
    {
        const QSignalBlocker blocker(m_follow);
        m_follow->setChecked(true);
    }
    m_unseen = 0;
    m_jump->setText(tr("&Jump to latest"));
    m_jump->setEnabled(false);
}

void LogViewer::highlight()
{
    QList<QTextEdit::ExtraSelection> selections;
    m_matches = 0;
    const QString needle = m_search->text();
    if (!needle.isEmpty()) {
        QTextCharFormat format;
        format.setBackground(QColor(0xff, 0xe0, 0x66));
        format.setForeground(Qt::black);
        QTextCursor cursor(m_text->document());
        while (true) {
            cursor = m_text->document()->find(needle, cursor);
            if (cursor.isNull())
                break;
            ++m_matches;
            if (selections.size() < kMaxHighlights)
                selections.append({cursor, format});
        }
    }
    m_text->setExtraSelections(selections);
    m_matchLabel->setText(needle.isEmpty() ? QString()
                          : m_matches == 0 ? tr("no match")
                                           : tr("%n match(es)", nullptr, m_matches));
}

void LogViewer::findNext()
{
    if (m_search->text().isEmpty())
        return;
    if (!m_text->find(m_search->text())) {
        m_text->moveCursor(QTextCursor::Start); // wrap around
        m_text->find(m_search->text());
    }
}

void LogViewer::findPrevious()
{
    if (m_search->text().isEmpty())
        return;
    if (!m_text->find(m_search->text(), QTextDocument::FindBackward)) {
        m_text->moveCursor(QTextCursor::End);
        m_text->find(m_search->text(), QTextDocument::FindBackward);
    }
}

void LogViewer::updateStatus()
{
    QString text;
    if (m_log->allocationId().isEmpty()) {
        text = tr("No allocation selected.");
    } else {
        const int kept = m_text->document()->blockCount();
        text = tr("Allocation %1, %2: %n line(s)", nullptr, int(m_linesReceived))
                   .arg(m_log->allocationId(), AllocationLog::typeName(m_log->stream()));
        if (m_linesReceived > kept)
            text += QStringLiteral(" · ") +
                    tr("showing the last %n line(s); Save… writes the whole log", nullptr, kept);
        text +=
            QStringLiteral(" · ") + (!m_log->isLive()       ? tr("finished")
                                     : m_log->isFollowing() ? tr("running, following the stream")
                                                            : tr("running, reconnecting…"));
    }
    if (!m_lastError.isEmpty())
        text += QStringLiteral(" · ") + tr("could not read more: %1").arg(m_lastError);
    if (!m_saveResult.isEmpty())
        text += QStringLiteral(" · ") + m_saveResult;
    m_status->setText(text);
}

void LogViewer::save()
{
    if (m_log->allocationId().isEmpty())
        return;
    const QString suggested =
        QStringLiteral("%1-%2.log")
            .arg(m_log->allocationId(), AllocationLog::typeName(m_log->stream()));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save log"), suggested,
                                                      tr("Log files (*.log *.txt)"));
    if (!path.isEmpty())
        saveTo(path);
}

void LogViewer::saveTo(const QString &path)
{
    QPointer<LogViewer> self(this);
    m_log->saveTo(path, [self](bool, const QString &message) {
        if (!self)
            return;
        self->m_saveResult = message;
        self->updateStatus();
    });
}

} // namespace gantry
