#pragma once

#include <client/models/deliverystate.h>
#include <client/models/messagelistmodel.h>
#include <shared/wiretypes.h>

#include <QAbstractItemModel>
#include <QList>
#include <QMetaEnum>
#include <QSignalSpy>
#include <QStringList>

#include <optional>

// Reading client models back through their roles and signals, for the client tests: one
// way to list rows, ids, keys and receipts, and to take apart a recorded signal.
namespace chat::test {

//! Every value of a model's Role enum, in declaration order.
template<typename Model> QList<int> allRoles()
{
    const QMetaEnum roles = QMetaEnum::fromType<typename Model::Role>();
    QList<int> values;
    for (int i = 0; i < roles.keyCount(); ++i)
        values.append(roles.value(i));
    return values;
}

//! A QTest check of a model's roles: `count` of them, each from Qt::UserRole + 1 up with
//! a name of its own, and the `spelled` ones named so (the names QML would bind to).
void verifyRoleNames(const QAbstractItemModel &model, const QList<int> &roles, int count,
    const QList<QPair<int, QByteArray>> &spelled);

//! The roles a recorded dataChanged emission names.
QList<int> rolesOf(const QSignalSpy &dataChanged, int emission);
//! The row of the index that argument `argument` of a recorded emission carries.
int rowOf(const QSignalSpy &spy, int emission, int argument = 0);

//! Every role of every row, one line a row, `skip`ped roles left out: what two clients
//! showing the same thing must agree on, readable when QCOMPARE prints a difference.
QStringList dump(const QAbstractItemModel *model, const QMetaEnum &roles, const QList<int> &skip);
template<typename Model>
QStringList dump(const QAbstractItemModel *model, const QList<int> &skip = {})
{
    return dump(model, QMetaEnum::fromType<typename Model::Role>(), skip);
}

//! One row of a MessageListModel, read through its roles.
struct MessageRow
{
    qint64 id = 0;
    QString clientId;
    QString body;
    qint64 senderId = 0;
    bool isOwn = false;
    client::DeliveryState state = client::DeliveryState::Pending;
    QString error;
};

QList<MessageRow> rowsOf(const client::MessageListModel *model);
//! The ids of rows `first`..`last` (both included; 0 for a row not stored yet).
QList<qint64> idsOf(const client::MessageListModel *model, int first, int last);
//! The ids of every row.
QList<qint64> idsOf(const client::MessageListModel *model);
QList<qint64> idsOf(const QList<Message> &messages);
QStringList bodiesOf(const QList<Message> &messages);
QList<client::ReceiptMark> receiptsOf(const client::MessageListModel &model);

//! What must be identical on every client: id, sender, client id and body.
QString keyOf(qint64 id, qint64 senderId, const QString &clientId, const QString &body);
//! keyOf() of each row, in row order.
QStringList keysOf(const client::MessageListModel *model);
QStringList keysOf(const QList<Message> &messages);

int countState(const client::MessageListModel *model, client::DeliveryState state);
//! Exactly `count` rows, every one stored (Sent).
bool allSent(const client::MessageListModel *model, int count);
//! Rows with this body (to count copies), in any state or in `state`.
int rowsWithBody(const client::MessageListModel *model, const QString &body,
    std::optional<client::DeliveryState> state = std::nullopt);

//! What a MessageListModel must always be: stored rows strictly ascending by id (so no
//! id twice), Sent; then our local rows (id 0), Pending or Failed; no client id twice
//! among our rows. Returns what is wrong, or an empty string.
QString structureError(const QAbstractItemModel &model);

} // namespace chat::test
