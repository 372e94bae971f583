#include "modelrows.h"

#include <support/fieldsof.h>

#include <QDateTime>
#include <QSet>
#include <QTest>

#include <algorithm>

namespace chat::test {

using namespace Qt::StringLiterals;
using client::DeliveryState;
using client::MessageListModel;
using client::ReceiptMark;

void verifyRoleNames(const QAbstractItemModel &model, const QList<int> &roles, int count,
    const QList<QPair<int, QByteArray>> &spelled)
{
    const QHash<int, QByteArray> names = model.roleNames();
    QCOMPARE(roles.size(), count);
    QSet<QByteArray> seen;
    for (int role : roles) {
        QVERIFY2(role >= Qt::UserRole + 1, qPrintable(QString::number(role)));
        QVERIFY2(names.contains(role), qPrintable(QString::number(role)));
        QVERIFY(!names.value(role).isEmpty());
        QVERIFY2(!seen.contains(names.value(role)), names.value(role).constData());
        seen.insert(names.value(role));
    }
    for (const auto &[role, name] : spelled)
        QCOMPARE(names.value(role), name);
}

QList<int> rolesOf(const QSignalSpy &dataChanged, int emission)
{
    return dataChanged.at(emission).at(2).value<QList<int>>();
}

int rowOf(const QSignalSpy &spy, int emission, int argument)
{
    return spy.at(emission).at(argument).toModelIndex().row();
}

QStringList dump(const QAbstractItemModel *model, const QMetaEnum &roles, const QList<int> &skip)
{
    QStringList lines;
    for (int row = 0; row < model->rowCount(); ++row) {
        QStringList fields;
        for (int i = 0; i < roles.keyCount(); ++i) {
            const int role = roles.value(i);
            if (skip.contains(role))
                continue;
            const QVariant value = model->index(row, 0).data(role);
            QString text = value.toString();
            if (value.metaType() == QMetaType::fromType<QDateTime>())
                text = value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
            else if (value.metaType() == QMetaType::fromType<ReceiptMark>())
                text = QString::number(int(value.value<ReceiptMark>()));
            else if (value.metaType() == QMetaType::fromType<DeliveryState>())
                text = QString::number(int(value.value<DeliveryState>()));
            fields << u"%1=%2"_s.arg(QString::fromLatin1(roles.key(i)), text);
        }
        lines << fields.join(u' ');
    }
    return lines;
}

QList<MessageRow> rowsOf(const MessageListModel *model)
{
    QList<MessageRow> rows;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        rows.append(MessageRow { index.data(MessageListModel::IdRole).toLongLong(),
            index.data(MessageListModel::ClientIdRole).toString(),
            index.data(MessageListModel::BodyRole).toString(),
            index.data(MessageListModel::SenderIdRole).toLongLong(),
            index.data(MessageListModel::IsOwnRole).toBool(),
            index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>(),
            index.data(MessageListModel::ErrorRole).toString() });
    }
    return rows;
}

QList<qint64> idsOf(const MessageListModel *model, int first, int last)
{
    QList<qint64> ids;
    for (int row = first; row <= last; ++row)
        ids.append(model->index(row).data(MessageListModel::IdRole).toLongLong());
    return ids;
}

QList<qint64> idsOf(const MessageListModel *model)
{
    return idsOf(model, 0, model->rowCount() - 1);
}

QList<qint64> idsOf(const QList<Message> &messages)
{
    return fieldsOf(messages, &Message::id);
}

QStringList bodiesOf(const QList<Message> &messages)
{
    return fieldsOf(messages, &Message::body);
}

QList<ReceiptMark> receiptsOf(const MessageListModel &model)
{
    QList<ReceiptMark> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, 0).data(MessageListModel::ReceiptRole).value<ReceiptMark>());
    return result;
}

QString keyOf(qint64 id, qint64 senderId, const QString &clientId, const QString &body)
{
    return u"%1|%2|%3|%4"_s.arg(id).arg(senderId).arg(clientId, body);
}

QStringList keysOf(const MessageListModel *model)
{
    QStringList keys;
    for (const MessageRow &row : rowsOf(model))
        keys << keyOf(row.id, row.senderId, row.clientId, row.body);
    return keys;
}

QStringList keysOf(const QList<Message> &messages)
{
    QStringList keys;
    for (const Message &message : messages)
        keys << keyOf(message.id, message.senderId, message.clientId, message.body);
    return keys;
}

int countState(const MessageListModel *model, DeliveryState state)
{
    const QList<MessageRow> rows = rowsOf(model);
    return int(std::count_if(
        rows.cbegin(), rows.cend(), [state](const MessageRow &row) { return row.state == state; }));
}

bool allSent(const MessageListModel *model, int count)
{
    return model->rowCount() == count && countState(model, DeliveryState::Sent) == count;
}

int rowsWithBody(
    const MessageListModel *model, const QString &body, std::optional<DeliveryState> state)
{
    const QList<MessageRow> rows = rowsOf(model);
    return int(std::count_if(rows.cbegin(), rows.cend(), [&](const MessageRow &row) {
        return row.body == body && (!state || row.state == *state);
    }));
}

QString structureError(const QAbstractItemModel &model)
{
    bool seenLocal = false;
    qint64 previousId = 0;
    QSet<QString> ownClientIds;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
        const auto state = index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>();
        const bool own = index.data(MessageListModel::IsOwnRole).toBool();
        const QString clientId = index.data(MessageListModel::ClientIdRole).toString();
        if (id == 0) {
            seenLocal = true;
            if (state == DeliveryState::Sent)
                return u"local row %1 (%2) is Sent"_s.arg(row).arg(clientId);
            if (!own)
                return u"local row %1 (%2) is not ours"_s.arg(row).arg(clientId);
        } else {
            if (seenLocal)
                return u"stored row %1 (id %2) after a local row"_s.arg(row).arg(id);
            if (id <= previousId)
                return u"row %1: id %2 after id %3"_s.arg(row).arg(id).arg(previousId);
            if (state != DeliveryState::Sent)
                return u"stored row %1 (id %2) is not Sent"_s.arg(row).arg(id);
            previousId = id;
        }
        if (own) {
            if (ownClientIds.contains(clientId))
                return u"client id %1 twice (row %2)"_s.arg(clientId).arg(row);
            ownClientIds.insert(clientId);
        }
    }
    return {};
}

} // namespace chat::test
