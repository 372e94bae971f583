#include "messagehighlight.h"

#include <QAbstractItemView>

namespace chat::ui {

MessageHighlight::MessageHighlight(QAbstractItemView *view)
    : QObject(view)
    , m_view(view)
{
    // Only a clock for the fade: strength() reads its time.
    m_fade.setStartValue(0.0);
    m_fade.setEndValue(1.0);
    m_fade.setDuration(DurationMs);
    // Strong for most of the time, then gone quickly: seen, then out of the way.
    m_fade.setEasingCurve(QEasingCurve::InCubic);
    connect(&m_fade, &QVariantAnimation::valueChanged, this, &MessageHighlight::repaint);
    connect(&m_fade, &QVariantAnimation::finished, this, [this] {
        repaint();
        m_index = QPersistentModelIndex();
        Q_EMIT finished();
    });
}

void MessageHighlight::start(const QModelIndex &index)
{
    repaint(); // the row highlighted before, if any, goes back to plain
    m_fade.stop();
    m_index = index;
    m_fade.start();
    repaint();
}

qreal MessageHighlight::strength(const QModelIndex &index) const
{
    if (!m_index.isValid() || index != m_index)
        return 0;
    if (m_fade.state() != QAbstractAnimation::Running)
        return 0;
    return 1.0 - m_fade.easingCurve().valueForProgress(qreal(m_fade.currentTime()) / DurationMs);
}

void MessageHighlight::repaint()
{
    if (m_index.isValid())
        m_view->viewport()->update(m_view->visualRect(m_index));
}

} // namespace chat::ui
