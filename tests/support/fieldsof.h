#pragma once

#include <QList>

namespace chat::test {

//! One member of each element, in order: fieldsOf(messages, &Message::id).
template<typename T, typename Field> QList<Field> fieldsOf(const QList<T> &items, Field T::*member)
{
    QList<Field> fields;
    fields.reserve(items.size());
    for (const T &item : items)
        fields.append(item.*member);
    return fields;
}

} // namespace chat::test
