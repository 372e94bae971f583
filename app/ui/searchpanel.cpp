#include "searchpanel.h"

#include <client/clientcontext.h>
#include <ui/searchresultdelegate.h>
#include <ui/statuscolours.h>

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QShortcut>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace chat::ui {

using client::MessageSearch;
using client::SearchResultsModel;

SearchPanel::SearchPanel(client::ClientContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_field(new QLineEdit(this))
    , m_close(new QToolButton(this))
    , m_scope(new QLabel(this))
    , m_everywhere(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_results(new QListView(this))
{
    MessageSearch &search = context.search();
    m_field->setPlaceholderText(tr("Search messages"));
    m_field->setClearButtonEnabled(true);
    m_field->setAccessibleName(tr("Search messages"));
    m_field->installEventFilter(this);
    connect(m_field, &QLineEdit::textChanged, &search, &MessageSearch::setQuery);
    connect(m_field, &QLineEdit::returnPressed, this, [this] {
        // The hit picked with the arrows, else the first; none yet: search at once.
        const QModelIndex current = m_results->currentIndex();
        if (current.isValid())
            choose(current);
        else if (m_results->model()->rowCount() > 0)
            choose(m_results->model()->index(0, 0));
        else
            m_context.search().searchNow();
    });

    m_close->setText(tr("Close"));
    m_close->setToolTip(tr("Close the search (Esc)"));
    m_close->setAutoRaise(true);
    connect(m_close, &QToolButton::clicked, this, &SearchPanel::closeRequested);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &SearchPanel::closeRequested);

    m_everywhere->setText(tr("Search everywhere"));
    m_everywhere->setAutoRaise(true);
    connect(m_everywhere, &QToolButton::clicked, this, [this] {
        m_context.search().setConversation(0);
        m_field->setFocus();
    });
    QFont scopeFont = m_scope->font();
    scopeFont.setBold(true);
    m_scope->setFont(scopeFont);

    m_status->setAlignment(Qt::AlignCenter);
    m_status->setWordWrap(true);
    m_status->setContentsMargins(8, 12, 8, 12);
    m_status->setAccessibleName(tr("Search status"));

    m_results->setModel(search.results());
    m_results->setItemDelegate(new SearchResultDelegate(m_results));
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setUniformItemSizes(true);
    m_results->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_results->setAccessibleName(tr("Messages found"));
    // One click picks a hit, whatever the style says of activation (where a single click
    // activates, `clicked` would pick twice).
    connect(m_results, &QListView::activated, this, &SearchPanel::choose);
    if (!style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr, m_results))
        connect(m_results, &QListView::clicked, this, &SearchPanel::choose);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_field, 1);
    top->addWidget(m_close);
    auto *scope = new QHBoxLayout;
    scope->setContentsMargins(6, 0, 0, 0);
    scope->addWidget(m_scope, 1);
    scope->addWidget(m_everywhere);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addLayout(scope);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 1);

    connect(&search, &MessageSearch::statusChanged, this, &SearchPanel::updateStatus);
    connect(&search, &MessageSearch::conversationChanged, this, &SearchPanel::updateScope);
    connect(&search, &MessageSearch::conversationChanged, this, &SearchPanel::updateStatus);
    SearchResultsModel *results = search.results();
    connect(results, &QAbstractItemModel::modelReset, this, &SearchPanel::updateStatus);
    connect(results, &QAbstractItemModel::rowsInserted, this, &SearchPanel::updateStatus);
    updateScope();
    updateStatus();
}

void SearchPanel::start(qint64 conversationId, const QString &text)
{
    MessageSearch &search = m_context.search();
    if (!text.isEmpty()) {
        const QSignalBlocker quiet(m_field); // searched once, just below
        m_field->setText(text);
    }
    search.setQuery(m_field->text());
    search.setConversation(conversationId); // another one: searched at once
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
}

void SearchPanel::reset()
{
    const QSignalBlocker quiet(m_field);
    m_field->clear();
    m_context.search().clear();
}

void SearchPanel::choose(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    Q_EMIT resultChosen(index.data(SearchResultsModel::ConversationIdRole).toLongLong(),
        index.data(SearchResultsModel::MessageIdRole).toLongLong());
}

bool SearchPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        // The hits are browsed from the field, as in a completer.
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up) {
            const int rows = m_results->model()->rowCount();
            if (rows == 0)
                return true;
            const int current = m_results->currentIndex().row();
            const int next = key->key() == Qt::Key_Down ? std::min(current + 1, rows - 1)
                                                        : std::max(current - 1, 0);
            m_results->setCurrentIndex(m_results->model()->index(next, 0));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SearchPanel::updateScope()
{
    const qint64 conversationId = m_context.search().conversationId();
    const int row = m_context.conversations()->rowOf(conversationId);
    const bool scoped = conversationId != 0;
    m_scope->setText(
        scoped && row >= 0 ? tr("In %1").arg(m_context.conversations()->at(row).title) : QString());
    m_scope->setVisible(scoped);
    m_everywhere->setVisible(scoped);
    m_field->setPlaceholderText(
        scoped ? tr("Search in this conversation") : tr("Search all messages"));
}

void SearchPanel::updateStatus()
{
    const MessageSearch &search = m_context.search();
    const int found = search.results()->rowCount();
    QString text;
    switch (search.status()) {
    case MessageSearch::Status::Idle:
        text = search.conversationId() != 0 ? tr("Type to search this conversation.")
                                            : tr("Type to search all your messages.");
        break;
    case MessageSearch::Status::Searching:
        if (found == 0)
            text = tr("Searching…");
        break;
    case MessageSearch::Status::Found:
        if (found == 0)
            text = tr("No messages found for “%1”.").arg(search.query());
        break;
    case MessageSearch::Status::Failed:
        text = search.errorText();
        break;
    }
    // A failure in the error colour, so it is not taken for an empty result.
    QPalette palette = this->palette();
    if (search.status() == MessageSearch::Status::Failed)
        palette.setColor(QPalette::WindowText, errorColour(palette));
    m_status->setPalette(palette);
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

} // namespace chat::ui
