#pragma once

#include <optional>
#include <string_view>


namespace smfront::ccp {

/// Status of a social contact (spec §8.3); one per contact across campaigns.
enum class ContactStatus { Unread, Queued, Reserved, Draft, Handled, Discarded };

/// @brief Lower-case wire name, e.g. "reserved".
std::string_view toString(ContactStatus status) noexcept;

/// @brief Status named by @p text in any case, surrounding XML whitespace allowed.
std::optional<ContactStatus> parseContactStatus(std::string_view text) noexcept;

}  // namespace smfront::ccp
