#include "messagemodeltest.h"

#include <support/modelrows.h>
#include <support/samplemessages.h>

namespace chat::test {

void MessageModelTest::init()
{
    m_model = std::make_unique<MessageListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->reset(ConversationId, OwnUserId);
}

void MessageModelTest::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

QVariant MessageModelTest::value(int row, int role) const
{
    return m_model->data(m_model->index(row, 0), role);
}

qint64 MessageModelTest::idAt(int row) const
{
    return value(row, MessageListModel::IdRole).toLongLong();
}

QString MessageModelTest::clientIdAt(int row) const
{
    return value(row, MessageListModel::ClientIdRole).toString();
}

client::DeliveryState MessageModelTest::stateAt(int row) const
{
    return value(row, MessageListModel::DeliveryStateRole).value<DeliveryState>();
}

QList<qint64> MessageModelTest::ids() const
{
    return idsOf(m_model.get());
}

QStringList MessageModelTest::clientIds() const
{
    QStringList result;
    for (int row = 0; row < m_model->rowCount(); ++row)
        result.append(clientIdAt(row));
    return result;
}

} // namespace chat::test
