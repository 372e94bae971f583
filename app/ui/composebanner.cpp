#include "composebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace chat::ui {

ComposeBanner::ComposeBanner(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_excerpt(new QLabel(this))
    , m_close(new QToolButton(this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    // The accent colour says "this is about the message you picked", as in Telegram.
    QPalette accent = m_title->palette();
    accent.setColor(QPalette::WindowText, palette().color(QPalette::Highlight));
    m_title->setPalette(accent);
    m_excerpt->setTextFormat(Qt::PlainText);
    m_excerpt->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Cancel (Esc)"));
    m_close->setAccessibleName(tr("Cancel"));
    connect(m_close, &QToolButton::clicked, this, &ComposeBanner::clear);

    auto *texts = new QVBoxLayout;
    texts->setSpacing(0);
    texts->addWidget(m_title);
    texts->addWidget(m_excerpt);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 8, 0);
    layout->addLayout(texts, 1);
    layout->addWidget(m_close, 0, Qt::AlignVCenter);
    hide();
}

void ComposeBanner::startReply(qint64 messageId, const QString &sender, const QString &excerpt)
{
    start(Mode::Reply, messageId, tr("Reply to %1").arg(sender), excerpt);
}

void ComposeBanner::startEdit(qint64 messageId, const QString &excerpt)
{
    start(Mode::Edit, messageId, tr("Edit message"), excerpt);
}

void ComposeBanner::start(Mode mode, qint64 messageId, const QString &title, const QString &excerpt)
{
    m_mode = mode;
    m_messageId = messageId;
    m_title->setText(title);
    // One line, cut to the space there is (a long line must not widen the window).
    m_excerpt->setText(excerpt.section(u'\n', 0, 0));
    m_excerpt->setToolTip(excerpt);
    show();
    Q_EMIT modeChanged(mode);
}

void ComposeBanner::clear()
{
    if (m_mode == Mode::None)
        return;
    m_mode = Mode::None;
    m_messageId = 0;
    hide();
    Q_EMIT modeChanged(Mode::None);
}

QString ComposeBanner::title() const
{
    return m_mode == Mode::None ? QString() : m_title->text();
}

QString ComposeBanner::excerpt() const
{
    return m_mode == Mode::None ? QString() : m_excerpt->text();
}

} // namespace chat::ui
