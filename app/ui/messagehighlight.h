#pragma once

#include <QObject>
#include <QPersistentModelIndex>
#include <QVariantAnimation>

class QAbstractItemView;

namespace chat::ui {

//! The message the user was just taken to (a search hit, the original of a quote): its
//! row stands out in the accent colour, then fades over DurationMs, so the eye finds it
//! and the list is plain again. View state only: the model knows nothing of it. The
//! delegate asks strength() for each row it paints.
class MessageHighlight : public QObject
{
    Q_OBJECT
public:
    static constexpr int DurationMs = 2000;

    explicit MessageHighlight(QAbstractItemView *view);

    //! Highlights `index` (and no other row) from full strength.
    void start(const QModelIndex &index);
    //! How strongly row `index` stands out, from 1 (just taken there) to 0 (not at all).
    [[nodiscard]] qreal strength(const QModelIndex &index) const;
    //! The highlighted row; invalid once faded (or gone from the model).
    [[nodiscard]] QModelIndex index() const { return m_index; }
    [[nodiscard]] bool isActive() const { return m_index.isValid(); }

Q_SIGNALS:
    //! The highlight faded out.
    void finished();

private:
    void repaint();

    QAbstractItemView *m_view;
    QPersistentModelIndex m_index;
    QVariantAnimation m_fade;
};

} // namespace chat::ui
