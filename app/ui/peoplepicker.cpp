#include "peoplepicker.h"

#include <client/people/peopledirectory.h>
#include <ui/persondelegate.h>

#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QShortcut>
#include <QVBoxLayout>

namespace chat::ui {

using client::PeopleDirectory;

//! The directory's rows with a check box: who is picked, and who cannot be.
class CheckablePeopleModel : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    [[nodiscard]] QList<User> picked() const { return m_picked; }
    void setUnavailable(const QSet<qint64> &userIds)
    {
        m_unavailable = userIds;
        m_picked.removeIf([&](const User &user) { return userIds.contains(user.id); });
        refresh();
    }

    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override
    {
        // Not ItemIsUserCheckable: the picker toggles on a click anywhere on the row, and
        // the delegate toggling on the box too would undo it.
        const Qt::ItemFlags flags = QIdentityProxyModel::flags(index);
        return m_unavailable.contains(userIdAt(index)) ? flags & ~Qt::ItemIsEnabled : flags;
    }

    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::CheckStateRole)
            return QIdentityProxyModel::data(index, role);
        const qint64 id = userIdAt(index);
        return m_unavailable.contains(id) || indexOfPicked(id) >= 0 ? Qt::Checked : Qt::Unchecked;
    }

    bool setData(const QModelIndex &index, const QVariant &value, int role) override
    {
        if (role != Qt::CheckStateRole || !(flags(index) & Qt::ItemIsEnabled))
            return QIdentityProxyModel::setData(index, value, role);
        const auto *directory = static_cast<const PeopleDirectory *>(sourceModel());
        const User &user = directory->at(mapToSource(index).row());
        const int at = indexOfPicked(user.id);
        const bool check = value.value<Qt::CheckState>() == Qt::Checked;
        if (check == (at >= 0))
            return true;
        if (check)
            m_picked.append(user);
        else
            m_picked.removeAt(at);
        Q_EMIT dataChanged(index, index, { Qt::CheckStateRole });
        return true;
    }

private:
    [[nodiscard]] qint64 userIdAt(const QModelIndex &index) const
    {
        return index.data(PeopleDirectory::UserIdRole).toLongLong();
    }
    [[nodiscard]] int indexOfPicked(qint64 userId) const
    {
        for (int i = 0; i < m_picked.size(); ++i) {
            if (m_picked.at(i).id == userId)
                return i;
        }
        return -1;
    }
    void refresh()
    {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), { Qt::CheckStateRole });
    }

    QList<User> m_picked; //!< In the order picked.
    QSet<qint64> m_unavailable;
};

PeoplePicker::PeoplePicker(client::ChatSession &session, QWidget *parent)
    : QWidget(parent)
    , m_directory(new PeopleDirectory(session, this))
    , m_checkable(new CheckablePeopleModel(this))
    , m_search(new QLineEdit(this))
    , m_results(new QListView(this))
    , m_pickedLabel(new QLabel(this))
{
    m_checkable->setSourceModel(m_directory);
    m_search->setPlaceholderText(tr("Search people"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_directory, &PeopleDirectory::setQuery);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        // Enter picks the only match: type a name, press Enter, type the next.
        if (m_checkable->rowCount() == 1) {
            toggle(0);
            m_search->clear();
        }
    });

    auto *delegate = new PersonDelegate(m_results);
    delegate->setUserIdRole(PeopleDirectory::UserIdRole);
    delegate->setDetail([](const QModelIndex &index) {
        return (index.flags() & Qt::ItemIsEnabled) ? QString() : tr("Already a member");
    });
    m_results->setModel(m_checkable);
    m_results->setItemDelegate(delegate);
    m_results->setUniformItemSizes(true);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setAccessibleName(tr("People found"));
    // A click anywhere on the row picks, not only on the small check box.
    connect(m_results, &QListView::clicked, this,
        [this](const QModelIndex &index) { toggle(index.row()); });
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space), m_results);
    space->setContext(Qt::WidgetShortcut);
    connect(
        space, &QShortcut::activated, this, [this] { toggle(m_results->currentIndex().row()); });
    connect(m_checkable, &QAbstractItemModel::dataChanged, this, [this] {
        updatePickedLabel();
        Q_EMIT pickedChanged();
    });

    m_pickedLabel->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_pickedLabel);
    updatePickedLabel();
    m_directory->searchNow(); // everyone, until something is typed
}

PeoplePicker::~PeoplePicker() = default;

void PeoplePicker::setUnavailable(const QSet<qint64> &userIds)
{
    m_checkable->setUnavailable(userIds);
}

QList<User> PeoplePicker::picked() const
{
    return m_checkable->picked();
}

QList<qint64> PeoplePicker::pickedIds() const
{
    QList<qint64> ids;
    for (const User &user : picked())
        ids.append(user.id);
    return ids;
}

void PeoplePicker::toggle(int row)
{
    const QModelIndex index = m_checkable->index(row, 0);
    if (!index.isValid() || !(index.flags() & Qt::ItemIsEnabled))
        return;
    const bool checked = index.data(Qt::CheckStateRole).value<Qt::CheckState>() == Qt::Checked;
    m_checkable->setData(index, checked ? Qt::Unchecked : Qt::Checked, Qt::CheckStateRole);
}

void PeoplePicker::updatePickedLabel()
{
    QStringList names;
    for (const User &user : picked())
        names.append(user.username);
    m_pickedLabel->setText(
        names.isEmpty() ? tr("Nobody picked yet.") : tr("Picked: %1").arg(names.join(u", ")));
}

} // namespace chat::ui
