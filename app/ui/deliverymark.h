#pragma once

#include <QColor>
#include <QSizeF>
#include <QString>
#include <QStringList>

class QFont;
class QModelIndex;
class QPainter;
class QPalette;
class QRectF;

namespace chat::ui {

//! The mark after the time on one of our own messages, as Telegram shows it.
enum class DeliveryMark {
    None, //!< Someone else's message: no mark.
    Pending, //!< ◷ on its way to the server.
    Stored, //!< ✓ stored on the server.
    Delivered, //!< ✓✓ reached at least one of the recipient's devices.
    Read, //!< ✓✓ in the accent colour: the recipient has read it.
    Failed, //!< ⚠ not sent.
};

//! The mark a message row shows (MessageListModel's roles).
[[nodiscard]] DeliveryMark deliveryMark(const QModelIndex &index);
//! The mark as text: "◷", "✓", "✓✓", "✓✓" or "⚠"; empty for None. The ticks are painted
//! as lines (fonts' check marks vary from tiny to emoji); this is what they say.
[[nodiscard]] QString deliveryMarkText(DeliveryMark mark);
//! What the mark means, in words (its tooltip): "Sent", "Delivered", "Read"…
[[nodiscard]] QString deliveryMarkDescription(DeliveryMark mark);
//! Who read one of our messages in a group, in words (the tooltip of "read by 2"): "Read by
//! bob, carol"; "Read by 3 members" while their names are not known.
[[nodiscard]] QString readByText(int readCount, const QStringList &names);

//! How many ticks a mark is drawn with (0: it is a character, or nothing).
[[nodiscard]] int tickCount(DeliveryMark mark);
//! The ticks' size for the footer font: as tall as a digit, the second one overlapping
//! the first, as in Telegram and WhatsApp.
[[nodiscard]] QSizeF ticksSize(const QFont &font, int count);
//! Draws `count` ticks filling `box` (ticksSize()).
void paintTicks(QPainter *painter, const QRectF &box, int count, const QColor &color);
//! The colour of read ticks: the accent colour, a little darker where it is light so that
//! it stands out on our bubble (which is tinted with the same colour).
[[nodiscard]] QColor readColor(const QPalette &palette);

} // namespace chat::ui
