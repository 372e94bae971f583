#include "sidebar.h"

#include <client/clientcontext.h>
#include <ui/conversationdelegate.h>
#include <ui/persondelegate.h>

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace chat::ui {

using namespace Qt::StringLiterals;
using client::ConversationListModel;
using client::PeopleDirectory;

Sidebar::Sidebar(client::ClientContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_filter(new QLineEdit(this))
    , m_newGroup(new QToolButton(this))
    , m_searchMessages(new QToolButton(this))
    , m_conversations(new QListView(this))
    , m_peopleHeader(new QLabel(this))
    , m_people(new QListView(this))
{
    m_filter->setPlaceholderText(tr("Search (Ctrl+K)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Search conversations and people"));
    connect(m_filter, &QLineEdit::textChanged, this, &Sidebar::onFilterChanged);
    connect(m_filter, &QLineEdit::returnPressed, this, &Sidebar::onFilterReturn);

    m_newGroup->setText(tr("New Group"));
    m_newGroup->setToolTip(tr("Create a group (Ctrl+N)"));
    m_newGroup->setAutoRaise(true);
    connect(m_newGroup, &QToolButton::clicked, this, &Sidebar::newGroupRequested);

    m_searchMessages->setAutoRaise(true);
    m_searchMessages->setToolTip(tr("Search the texts of all your messages (Ctrl+Shift+F)"));
    m_searchMessages->setAccessibleName(tr("Search messages"));
    m_searchMessages->hide();
    connect(m_searchMessages, &QToolButton::clicked, this, [this] {
        const QString text = m_filter->text().trimmed();
        m_filter->clear(); // the search takes it from here
        Q_EMIT messageSearchRequested(text);
    });

    m_conversations->setModel(context.sortedConversations());
    m_conversations->setItemDelegate(new ConversationDelegate(m_conversations));
    m_conversations->setSelectionMode(QAbstractItemView::SingleSelection);
    m_conversations->setUniformItemSizes(true);
    m_conversations->setAccessibleName(tr("Conversations"));
    // A conversation picked from the results ends the search, as in Telegram.
    connect(m_conversations, &QListView::clicked, m_filter, &QLineEdit::clear);

    QFont headerFont = m_peopleHeader->font();
    headerFont.setBold(true);
    m_peopleHeader->setFont(headerFont);
    m_peopleHeader->setContentsMargins(8, 4, 8, 0);
    m_people->setModel(context.unlistedPeople());
    auto *personDelegate = new PersonDelegate(m_people);
    personDelegate->setUserIdRole(PeopleDirectory::UserIdRole);
    m_people->setItemDelegate(personDelegate);
    m_people->setUniformItemSizes(true);
    m_people->setAccessibleName(tr("People"));
    m_people->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // One click picks a person, as in every chat app, whatever the style says of
    // activation (where a single click activates, `clicked` would pick twice).
    connect(m_people, &QListView::activated, this, &Sidebar::choosePerson);
    if (!style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick, nullptr, m_people))
        connect(m_people, &QListView::clicked, this, &Sidebar::choosePerson);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_filter, 1);
    top->addWidget(m_newGroup);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_searchMessages);
    layout->addWidget(m_conversations, 3);
    layout->addWidget(m_peopleHeader);
    layout->addWidget(m_people, 2);

    PeopleDirectory *people = context.people();
    connect(people, &PeopleDirectory::searchingChanged, this, &Sidebar::updatePeopleSection);
    connect(people, &PeopleDirectory::searchFinished, this, &Sidebar::updatePeopleSection);
    for (QAbstractItemModel *model : { static_cast<QAbstractItemModel *>(context.unlistedPeople()),
             static_cast<QAbstractItemModel *>(context.conversations()) }) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &Sidebar::updatePeopleSection);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &Sidebar::updatePeopleSection);
        connect(model, &QAbstractItemModel::modelReset, this, &Sidebar::updatePeopleSection);
    }
    updatePeopleSection();
}

void Sidebar::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
    refreshPeople();
}

void Sidebar::refreshPeople()
{
    if (m_peopleHeader->isVisibleTo(this) && !m_context.people()->isSearching())
        m_context.people()->searchNow();
}

void Sidebar::onFilterChanged(const QString &text)
{
    m_context.sortedConversations()->setFilterText(text);
    const QString typed = text.trimmed();
    m_searchMessages->setText(
        tr("Search messages for “%1”")
            .arg(QFontMetrics(font()).elidedText(typed, Qt::ElideRight, 160)));
    m_searchMessages->setVisible(!typed.isEmpty());
    updatePeopleSection();
}

void Sidebar::onFilterReturn()
{
    // The first match, conversations first: type a name, press Enter, write.
    if (const QModelIndex first = m_context.sortedConversations()->index(0, 0); first.isValid()) {
        Q_EMIT conversationChosen(first);
        // Found: the search is done, and the open conversation takes the focus.
        m_filter->clear();
        return;
    }
    if (const QModelIndex first = m_people->model()->index(0, 0); first.isValid())
        choosePerson(first);
}

void Sidebar::choosePerson(const QModelIndex &proxyRow)
{
    if (!proxyRow.isValid())
        return;
    const User user = m_context.people()->at(m_context.unlistedPeople()->sourceRow(proxyRow.row()));
    // They move up into the conversations; the search is done.
    m_filter->clear();
    Q_EMIT personChosen(user);
}

void Sidebar::updatePeopleSection()
{
    const QString text = m_filter->text().trimmed();
    const bool noConversations = m_context.conversations()->rowCount() == 0;
    const bool show = m_context.session().isSignedIn() && (!text.isEmpty() || noConversations);
    if (show)
        m_context.people()->setQuery(text);
    const PeopleDirectory *people = m_context.people();
    const int found = m_context.unlistedPeople()->rowCount();
    QString header;
    if (people->query() != text || (people->isSearching() && found == 0))
        header = tr("Searching people…");
    else if (found > 0)
        header = tr("People");
    else if (!text.isEmpty())
        header = tr("No one else found for “%1”").arg(text);
    else
        header = tr("No one else here yet");
    m_peopleHeader->setText(header);
    m_peopleHeader->setVisible(show);
    m_people->setVisible(show && found > 0);
    // A new user has nothing to list above: the people take the room.
    m_conversations->setVisible(!noConversations || !show);
}

} // namespace chat::ui
