#include "deliverymark.h"

#include <client/models/deliverystate.h>
#include <client/models/messagelistmodel.h>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

namespace chat::ui {

using namespace Qt::StringLiterals;
using chat::client::DeliveryState;
using chat::client::MessageListModel;
using chat::client::ReceiptMark;

namespace {
//! The translation context of the marks' words.
struct Words
{
    Q_DECLARE_TR_FUNCTIONS(DeliveryMark)
};

//! The receipt of a row, whether the model keeps it as ReceiptMark or as an int.
ReceiptMark receiptOf(const QModelIndex &index)
{
    const QVariant value = index.data(MessageListModel::ReceiptRole);
    if (value.metaType() == QMetaType::fromType<ReceiptMark>())
        return value.value<ReceiptMark>();
    return static_cast<ReceiptMark>(value.toInt());
}
} // namespace

DeliveryMark deliveryMark(const QModelIndex &index)
{
    if (!index.data(MessageListModel::IsOwnRole).toBool()
        || index.data(MessageListModel::IsSystemRole).toBool())
        return DeliveryMark::None;
    switch (index.data(MessageListModel::DeliveryStateRole).value<DeliveryState>()) {
    case DeliveryState::Pending:
        return DeliveryMark::Pending;
    case DeliveryState::Failed:
        return DeliveryMark::Failed;
    case DeliveryState::Sent:
        break;
    }
    switch (receiptOf(index)) {
    case ReceiptMark::Read:
        return DeliveryMark::Read;
    case ReceiptMark::Delivered:
        return DeliveryMark::Delivered;
    case ReceiptMark::None:
        break;
    }
    return DeliveryMark::Stored;
}

QString deliveryMarkText(DeliveryMark mark)
{
    switch (mark) {
    case DeliveryMark::None:
        return {};
    case DeliveryMark::Pending:
        return u"\u25F7"_s; // a clock: on its way
    case DeliveryMark::Stored:
        return u"\u2713"_s; // a tick: stored on the server
    case DeliveryMark::Delivered:
    case DeliveryMark::Read:
        return u"\u2713\u2713"_s; // two ticks: on their device; coloured once read
    case DeliveryMark::Failed:
        return u"\u26A0"_s;
    }
    return {};
}

QString deliveryMarkDescription(DeliveryMark mark)
{
    switch (mark) {
    case DeliveryMark::None:
        return {};
    case DeliveryMark::Pending:
        return Words::tr("Sending…");
    case DeliveryMark::Stored:
        return Words::tr("Sent");
    case DeliveryMark::Delivered:
        return Words::tr("Delivered");
    case DeliveryMark::Read:
        return Words::tr("Read");
    case DeliveryMark::Failed:
        return Words::tr("Not sent");
    }
    return {};
}

QString readByText(int readCount, const QStringList &names)
{
    if (names.isEmpty()) {
        return readCount == 1 ? Words::tr("Read by 1 member")
                              : Words::tr("Read by %1 members").arg(readCount);
    }
    QString text = Words::tr("Read by %1").arg(names.join(u", "_s));
    // Someone whose name the client does not know (yet) still counts.
    if (const qsizetype unnamed = readCount - names.size(); unnamed > 0)
        text += Words::tr(" and %1 more").arg(unnamed);
    return text;
}

int tickCount(DeliveryMark mark)
{
    switch (mark) {
    case DeliveryMark::Stored:
        return 1;
    case DeliveryMark::Delivered:
    case DeliveryMark::Read:
        return 2;
    default:
        return 0;
    }
}

QSizeF ticksSize(const QFont &font, int count)
{
    if (count == 0)
        return {};
    const qreal height = QFontMetricsF(font).capHeight() * 0.85;
    const qreal width = height * 1.3;
    return { width + (count - 1) * width * 0.45, height };
}

void paintTicks(QPainter *painter, const QRectF &box, int count, const QColor &color)
{
    const qreal height = box.height();
    const qreal width = height * 1.3;
    QPen pen(color, std::max(1.3, height / 6.0));
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    const QPointF origin = box.topLeft();
    QPainterPath first;
    first.moveTo(origin + QPointF(0, height * 0.55));
    first.lineTo(origin + QPointF(width * 0.35, height));
    first.lineTo(origin + QPointF(width, 0));
    painter->drawPath(first);
    if (count > 1) {
        // The second tick's short stroke would cross the first one's long stroke: only
        // the part to the right of it shows.
        const QPointF shift(width * 0.45, 0);
        QPainterPath second;
        second.moveTo(origin + shift + QPointF(width * 0.17, height * 0.78));
        second.lineTo(origin + shift + QPointF(width * 0.35, height));
        second.lineTo(origin + shift + QPointF(width, 0));
        painter->drawPath(second);
    }
    painter->restore();
}

QColor readColor(const QPalette &palette)
{
    const QColor accent = palette.color(QPalette::Highlight);
    return accent.lightnessF() > 0.45 ? accent.darker(125) : accent;
}

} // namespace chat::ui
