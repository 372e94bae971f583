#pragma once

#include <client/models/deliverystate.h>
#include <client/models/messagelistmodel.h>

#include <QAbstractItemModelTester>
#include <QObject>
#include <QStringList>

#include <memory>

namespace chat::test {

//! The base of the MessageListModel unit tests: each test gets a fresh model on
//! conversation 7 as user 1 (see samplemessages.h), watched by a QAbstractItemModelTester,
//! and short ways to read it. A test class derives from it and adds its test slots.
class MessageModelTest : public QObject
{
    Q_OBJECT

protected:
    // The client names these tests use most.
    using DeliveryState = client::DeliveryState;
    using MessageListModel = client::MessageListModel;
    using ReceiptMark = client::ReceiptMark;

    [[nodiscard]] QVariant value(int row, int role) const;
    [[nodiscard]] qint64 idAt(int row) const;
    [[nodiscard]] QString clientIdAt(int row) const;
    [[nodiscard]] DeliveryState stateAt(int row) const;
    //! The id of every row, in row order (0 for a local row).
    [[nodiscard]] QList<qint64> ids() const;
    [[nodiscard]] QStringList clientIds() const;

    std::unique_ptr<MessageListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

private Q_SLOTS:
    void init();
    void cleanup();
};

} // namespace chat::test
