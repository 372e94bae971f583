#include "seenreporter.h"

#include <client/conversations/readmarker.h>
#include <client/models/messagelistmodel.h>

#include <QEvent>
#include <QListView>
#include <QScrollBar>

namespace chat::ui {

using chat::client::MessageListModel;

SeenReporter::SeenReporter(
    QListView *list, client::MessageListModel *messages, client::ReadMarker *marker)
    : QObject(list)
    , m_list(list)
    , m_viewport(list->viewport())
    , m_messages(messages)
    , m_marker(marker)
{
    m_pending.setSingleShot(true);
    m_pending.setInterval(0);
    connect(&m_pending, &QTimer::timeout, this, &SeenReporter::report);
    const QScrollBar *bar = m_list->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, &SeenReporter::schedule);
    connect(bar, &QScrollBar::rangeChanged, this, &SeenReporter::schedule);
    const auto rowsChanged = [this] {
        m_rowsChanged = true;
        schedule();
    };
    connect(m_messages, &QAbstractItemModel::rowsInserted, this, rowsChanged);
    connect(m_messages, &QAbstractItemModel::rowsRemoved, this, rowsChanged);
    connect(m_messages, &QAbstractItemModel::rowsMoved, this, rowsChanged);
    connect(m_messages, &QAbstractItemModel::modelReset, this, rowsChanged);
    connect(m_messages, &QAbstractItemModel::dataChanged, this, rowsChanged); // heights
    m_viewport->installEventFilter(this);
}

void SeenReporter::schedule()
{
    m_pending.start();
}

bool SeenReporter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport
        && (event->type() == QEvent::Resize || event->type() == QEvent::Show
            || event->type() == QEvent::Hide))
        schedule();
    return false;
}

qint64 SeenReporter::newestShownId() const
{
    const QWidget *viewport = m_list->viewport();
    const int stored = m_messages->storedRowCount();
    if (stored == 0 || !m_list->isVisible() || viewport->height() <= 0)
        return 0;
    const QRect area = viewport->rect();
    // The row at the bottom edge, or the last one when the rows end above it.
    QModelIndex bottom = m_list->indexAt(QPoint(area.center().x(), area.bottom()));
    int row = bottom.isValid() ? bottom.row() : m_messages->rowCount() - 1;
    const auto shows = [&](int candidate) {
        const QRect rect = m_list->visualRect(m_messages->index(candidate));
        const int visible = (rect & area).height();
        return visible > 0 && (2 * visible >= rect.height() || 2 * visible >= area.height());
    };
    // Half of it at least: a row whose top just peeks in is not read yet.
    while (row >= 0 && !shows(row)) {
        const QRect rect = m_list->visualRect(m_messages->index(row));
        if (rect.bottom() < area.top())
            return 0; // everything is above the viewport
        --row;
    }
    row = std::min(row, stored - 1);
    if (row < 0 || !shows(row))
        return 0; // only our messages not stored yet show
    return m_messages->index(row).data(MessageListModel::IdRole).toLongLong();
}

void SeenReporter::report()
{
    m_pending.stop();
    if (m_rowsChanged && m_list->isVisible()) {
        // Positions from before the change would name the wrong rows.
        m_rowsChanged = false;
        m_list->doItemsLayout();
    }
    const QScrollBar *bar = m_list->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    m_marker->setShown(newestShownId(), atBottom);
}

} // namespace chat::ui
