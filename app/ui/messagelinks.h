#pragma once

#include <QObject>
#include <QUrl>

#include <functional>

class QListView;
class QModelIndex;
class QPoint;

namespace chat::ui {

class MessageDelegate;
class MessageLayout;

//! Makes the links in the bubbles of a message list clickable: the pointing hand over a
//! link, and a click on one (press and release on the same link) opens it, through
//! QDesktopServices unless an opener is set (a test sets one to see what would open).
//! It only watches the list's viewport: selecting, the context menu and scrolling go on
//! as before.
class MessageLinks : public QObject
{
    Q_OBJECT
public:
    using Opener = std::function<void(const QUrl &)>;

    //! `list` paints its rows with `delegate`; both must outlive this.
    MessageLinks(QListView *list, MessageDelegate *delegate);

    //! The link at `position` of the list's viewport; empty for none.
    [[nodiscard]] QUrl linkAt(const QPoint &position) const;
    //! What a click on a link calls (QDesktopServices::openUrl by default).
    void setOpener(Opener opener) { m_opener = std::move(opener); }

Q_SIGNALS:
    //! The user clicked `url` (after the opener was called).
    void linkActivated(const QUrl &url);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QListView *m_list;
    //! The list's viewport, kept to recognise its events: they also come while the list
    //! is being destroyed (its children hide), when asking m_list for it is no longer valid.
    QObject *m_viewport;
    MessageDelegate *m_delegate;
    Opener m_opener;
    //! The link the left button went down on.
    QUrl m_pressed;
    bool m_pointing = false;
};

//! The link at `point` (viewport coordinates) of a row laid out as `geometry`.
[[nodiscard]] QUrl linkAt(const MessageLayout &geometry, const QPoint &point);
//! What hovering `point` of the row `index` laid out as `geometry` says besides its mark:
//! the time in full over the time, the address over a link; empty elsewhere.
[[nodiscard]] QString timelineToolTip(
    const MessageLayout &geometry, const QModelIndex &index, const QPoint &point);

} // namespace chat::ui
