// An allocation's log as admins want to read it: stdout/stderr switch, follow that sticks only
// while the view is at the bottom (scroll up to read, "Jump to latest" to come back), search with
// every match highlighted, a bounded buffer for long logs, and Save… for the whole log.
#pragma once

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace gantry {

class AllocationLog;

class LogViewer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogViewer)
public:
    static constexpr int kDefaultMaxLines = 20000;

    explicit LogViewer(AllocationLog *log, QWidget *parent = nullptr);

    void setMaxLines(int lines);
    int maxLines() const;
    bool isFollowing() const;
    int unseenLines() const { return m_unseen; }
    int matchCount() const { return m_matches; }
    QString text() const;
    QPlainTextEdit *editor() const { return m_text; }
    QComboBox *streamBox() const { return m_stream; }
    QCheckBox *followBox() const { return m_follow; }
    QPushButton *jumpButton() const { return m_jump; }
    QLineEdit *searchBox() const { return m_search; }
    QString statusText() const;
    // Writes the whole log (from gantryd, not only the kept lines) to `path`.
    void saveTo(const QString &path);

public Q_SLOTS:
    void jumpToLatest();
    void findNext();
    void findPrevious();

private:
    void append(const QString &text);
    void clear();
    void onScrolled();
    void highlight();
    void updateStatus();
    void save();
    void scrollToBottom();

    AllocationLog *m_log;
    QComboBox *m_stream;
    QCheckBox *m_follow;
    QPushButton *m_jump;
    QLineEdit *m_search;
    QToolButton *m_previous;
    QToolButton *m_next;
    QLabel *m_matchLabel;
    QPushButton *m_save;
    QPlainTextEdit *m_text;
    QLabel *m_status;
    QTimer m_highlightTimer;
    qint64 m_linesReceived = 0;
    int m_unseen = 0;
    int m_matches = 0;
    bool m_adjusting = false;
    QString m_lastError;
    QString m_saveResult;
};

} // namespace gantry
