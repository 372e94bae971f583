#pragma once

#include <shared/wiretypes.h>

//! Who may do what in a group (protocol §6.12), in one place for the server that enforces
//! it and the client that offers only what will be allowed.
namespace chat::rules {

//! Rename, change the topic, add members.
[[nodiscard]] constexpr bool canEditGroup(MemberRole mine)
{
    return mine >= MemberRole::Admin;
}

//! Remove someone else: the owner anyone, an admin plain members only.
[[nodiscard]] constexpr bool canRemove(MemberRole mine, MemberRole theirs)
{
    return mine == MemberRole::Owner || (mine == MemberRole::Admin && theirs == MemberRole::Member);
}

//! Make someone else an admin or a member, or hand them the ownership.
[[nodiscard]] constexpr bool canChangeRoles(MemberRole mine)
{
    return mine == MemberRole::Owner;
}

} // namespace chat::rules
