#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/parsed.hpp"

namespace smfront::ccp {

inline constexpr std::size_t kMaxFeedNameChars = 255;
inline constexpr std::int64_t kDefaultChatJoinTimeout = 60;
inline constexpr std::int64_t kDefaultChatInactivityTimeout = 300;
/// Upper bound for the chat timeouts, in seconds (one day).
inline constexpr std::int64_t kMaxChatTimeout = 86'400;

/// Feed types accepted by the server (spec §8.1); the values are the wire numbers.
enum class FeedType : int { Push = 7, Chat = 8, Callback = 10, Task = 12 };

/// @brief FeedType for wire number @p value, or nullopt for any other number.
std::optional<FeedType> feedTypeFromInt(std::int64_t value) noexcept;

/// A feed as the admin API reads and writes it (spec §8.1).
struct Feed {
  /// Server-assigned; written only when set.
  std::optional<std::int64_t> id;
  std::string name;
  std::string description;
  FeedType type = FeedType::Chat;
  /// 1 = AUTHENTICATION_NONE.
  std::int64_t status = 1;
  std::vector<std::string> tags;
  /// Server-set URLs, written only when non-empty.
  std::string pushFeedURL;
  std::string refURL;
  std::string replyTemplateRefURL;
  std::int64_t pollingInterval = 0;
  std::int64_t minAge = 0;
  std::int64_t chatJoinTimeout = kDefaultChatJoinTimeout;
  std::int64_t chatInactivityTimeout = kDefaultChatInactivityTimeout;
  std::int64_t changeStamp = 0;
  /// Lab element: route this chat feed's contacts through Media Routing.
  bool mrRouting = false;

  friend bool operator==(const Feed&, const Feed&) = default;
};

/// Admin PUT of a feed: changeStamp is required, an absent field stays unchanged.
/// Server-set fields (id, refURL, pushFeedURL) are not taken from an update.
struct FeedUpdate {
  std::int64_t changeStamp = 0;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<FeedType> type;
  std::optional<std::int64_t> status;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> replyTemplateRefURL;
  std::optional<std::int64_t> pollingInterval;
  std::optional<std::int64_t> minAge;
  std::optional<std::int64_t> chatJoinTimeout;
  std::optional<std::int64_t> chatInactivityTimeout;
  std::optional<bool> mrRouting;

  friend bool operator==(const FeedUpdate&, const FeedUpdate&) = default;
};

/// @brief Parses a `<Feed>` create body: name required (≤ 255 characters), type required
/// and one of 7, 8, 10, 12; numbers checked for range; absent fields keep Feed's defaults.
/// Every element of the GET form is read, so parseFeed(serializeFeed(f)) == f.
Parsed<Feed> parseFeed(std::string_view body);

/// @brief Parses a `<Feed>` PUT body; a missing changeStamp is fieldRequired, present fields
/// are checked as in parseFeed.
Parsed<FeedUpdate> parseFeedUpdate(std::string_view body);

/// @brief Applies the present fields of @p update to @p feed (changeStamp is left to the caller).
void applyFeedUpdate(Feed& feed, const FeedUpdate& update);

/// @brief `<Feed>` with every field, in alphabetical element order.
std::string serializeFeed(const Feed& feed);

/// @brief `<feeds>` of full feeds, or with @p summary of name, refURL, status and type only.
std::string serializeFeeds(std::span<const Feed> feeds, bool summary);

/// @brief Reads a `<feeds>` list (full or summary); missing elements keep their defaults.
Parsed<std::vector<Feed>> parseFeeds(std::string_view body);

}  // namespace smfront::ccp
