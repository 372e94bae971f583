#include "messagelinks.h"

#include <client/models/messagerowsmodel.h>
#include <ui/messagedelegate.h>
#include <ui/messagelayout.h>
#include <ui/messagetext.h>
#include <ui/rowheader.h>

#include <QDesktopServices>
#include <QListView>
#include <QMouseEvent>
#include <QTextDocument>

namespace chat::ui {

using chat::client::MessageRowsModel;

QUrl linkAt(const MessageLayout &geometry, const QPoint &point)
{
    const QTextDocument *document = geometry.document();
    if (!document || !geometry.text().contains(point))
        return {};
    return ui::linkAt(*document, QPointF(point) - geometry.bodyOrigin());
}

QString timelineToolTip(
    const MessageLayout &geometry, const QModelIndex &index, const QPoint &point)
{
    if (geometry.time().contains(point))
        return fullTimeText(index.data(MessageRowsModel::CreatedAtRole).toDateTime());
    if (const QUrl url = linkAt(geometry, point); !url.isEmpty())
        return url.toDisplayString();
    return {};
}

MessageLinks::MessageLinks(QListView *list, MessageDelegate *delegate)
    : QObject(list)
    , m_list(list)
    , m_viewport(list->viewport())
    , m_delegate(delegate)
    , m_opener([](const QUrl &url) { QDesktopServices::openUrl(url); })
{
    m_list->viewport()->setMouseTracking(true);
    m_list->viewport()->installEventFilter(this);
}

QUrl MessageLinks::linkAt(const QPoint &position) const
{
    const QModelIndex index = m_list->indexAt(position);
    if (!index.isValid())
        return {};
    QStyleOptionViewItem option;
    option.initFrom(m_list->viewport());
    option.font = m_list->font();
    option.rect = m_list->visualRect(index);
    return ui::linkAt(m_delegate->layout(option, index), position);
}

bool MessageLinks::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_viewport)
        return false;
    switch (event->type()) {
    case QEvent::MouseMove: {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const bool pointing = !linkAt(mouse->position().toPoint()).isEmpty();
        if (pointing != m_pointing) {
            m_pointing = pointing;
            if (pointing)
                m_list->viewport()->setCursor(Qt::PointingHandCursor);
            else
                m_list->viewport()->unsetCursor();
        }
        break;
    }
    case QEvent::MouseButtonPress: {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        m_pressed
            = mouse->button() == Qt::LeftButton ? linkAt(mouse->position().toPoint()) : QUrl();
        break;
    }
    case QEvent::MouseButtonRelease: {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QUrl pressed = std::exchange(m_pressed, QUrl());
        if (mouse->button() == Qt::LeftButton && !pressed.isEmpty()
            && linkAt(mouse->position().toPoint()) == pressed) {
            m_opener(pressed);
            Q_EMIT linkActivated(pressed);
        }
        break;
    }
    case QEvent::Leave:
        if (m_pointing) {
            m_pointing = false;
            m_list->viewport()->unsetCursor();
        }
        break;
    default:
        break;
    }
    return false;
}

} // namespace chat::ui
