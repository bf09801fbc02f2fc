#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/api_errors.hpp"
#include "ccp/contact_status.hpp"
#include "ccp/parsed.hpp"

namespace smfront::ccp {

/// Namespace of the pubsub payload form of a SocialContact (spec §9).
inline constexpr std::string_view kPubsubNs = "http://jabber.org/protocol/pubsub";

inline constexpr std::size_t kMaxAuthorChars = 100;
inline constexpr std::size_t kMaxTitleChars = 255;
inline constexpr std::size_t kMaxStatusReasonChars = 255;
inline constexpr std::size_t kMaxContactTags = 20;
inline constexpr std::size_t kMaxExtensionFields = 100;
// Where Cisco documents no length, ours. Every contact is published to every
// subscribed agent's eventing session, so one contact must stay far below a
// session's outbound budget (1 MiB): at most about 80 KB of XML even when every
// character takes the most bytes it can once escaped.
inline constexpr std::size_t kMaxDescriptionChars = 4000;
inline constexpr std::size_t kMaxTagChars = 100;
inline constexpr std::size_t kMaxExtensionFieldNameChars = 100;
inline constexpr std::size_t kMaxExtensionFieldValueChars = 2000;
/// Names and values of all extension fields of one contact together (Cisco allows 1 MB).
inline constexpr std::size_t kMaxExtensionFieldsChars = 8000;
/// feedRefURL, podRefURL: long enough for any real URL.
inline constexpr std::size_t kMaxUrlChars = 2048;

/// One <extensionField>: a name/value pair; a contact keeps them in order, names unique.
struct ExtensionField {
  std::string name;
  std::string value;

  friend bool operator==(const ExtensionField&, const ExtensionField&) = default;
};

/// A contact as a client asks to create it: chat create (spec §3.2, §3.3) or admin POST (§8.3).
struct ContactCreate {
  std::string feedRefURL;
  std::string author;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::vector<ExtensionField> extensionFields;
  /// Only the admin POST of a push contact carries it.
  std::optional<std::int64_t> publishedDate;

  friend bool operator==(const ContactCreate&, const ContactCreate&) = default;
};

/// Admin PUT of a social contact (spec §8.3). An absent member leaves that field unchanged.
struct ContactUpdate {
  std::optional<ContactStatus> status;
  std::optional<std::string> statusReason;
  /// Either one, when present, must match the stored value (spec §2.5).
  std::optional<std::int64_t> statusTimestamp;
  std::optional<std::int64_t> changeStamp;
  /// Replaces the whole tag set; present and empty clears it.
  std::optional<std::vector<std::string>> tags;
  /// Each entry sets that field; an empty value deletes it. See mergeExtensionFields.
  std::optional<std::vector<ExtensionField>> extensionFields;

  friend bool operator==(const ContactUpdate&, const ContactUpdate&) = default;
};

/// A social contact as the admin API returns it (spec §8.3).
struct SocialContact {
  std::string id;
  std::string author;
  std::string title;
  std::string description;
  /// Written only when non-empty (the GET list of §8.3 does not name it).
  std::string feedRefURL;
  std::vector<std::string> tags;
  std::vector<ExtensionField> extensionFields;
  ContactStatus status = ContactStatus::Unread;
  std::string statusReason = "unknown";
  std::int64_t statusTimestamp = 0;
  std::string statusUserId;
  std::int64_t changeStamp = 0;
  std::int64_t createdDate = 0;
  std::int64_t publishedDate = 0;
  std::string refURL;
  /// chat | push | callback | task
  std::string sourceType = "chat";
  bool isSoftLocked = false;
  std::string inviteStatus = "none";
  bool isInvited = false;
  std::string link;
  std::string replyTemplateRefURL;

  friend bool operator==(const SocialContact&, const SocialContact&) = default;
};

/// @brief Parses a `<SocialContact>` create body: feedRefURL, author and title required,
/// author ≤ 100 and title ≤ 255 characters, description ≤ 4000, ≤ 20 tags of ≤ 100, ≤ 100
/// extension fields (name ≤ 100, value ≤ 2000, all together ≤ 8000).
Parsed<ContactCreate> parseContactCreate(std::string_view body);

/// @brief Adds the problems of @p create to @p problems (the checks of parseContactCreate);
/// @p requireFeedRefURL is false for the form styles, whose feed comes from the URL path.
void validateContactCreate(const ContactCreate& create, bool requireFeedRefURL, Problems& problems);

/// @brief The `<SocialContact>` create body a widget sends; publishedDate only when set.
std::string serializeContactCreate(const ContactCreate& create);

/// @brief Parses an admin PUT `<SocialContact>` body, noting which fields were present.
Parsed<ContactUpdate> parseContactUpdate(std::string_view body);

/// @brief The `<SocialContact>` PUT body for @p update, present fields only.
std::string serializeContactUpdate(const ContactUpdate& update);

/// @brief Applies @p changes to @p fields: a non-empty value sets (or appends) that field, an
/// empty value deletes it.
void mergeExtensionFields(std::vector<ExtensionField>& fields, const std::vector<ExtensionField>& changes);

/// @brief The count, length and UTF-8 checks on the extension fields a contact would have
/// (after a merge, say): outOfRange "extensionFields" when too many or too much in all.
void checkExtensionFields(const std::vector<ExtensionField>& fields, Problems& problems);

/// @brief The count, length and UTF-8 checks on a contact's tags.
void checkTags(const std::vector<std::string>& tags, Problems& problems);

/// @brief The admin GET representation (root `SocialContact`, elements in alphabetical order).
std::string serializeSocialContact(const SocialContact& contact);

/// @brief Reads a `<SocialContact>` representation: the admin GET form or the pubsub form
/// (whose `chatIsInvited` is read as isInvited). Missing elements keep their defaults.
Parsed<SocialContact> parseSocialContact(std::string_view body);

/// @brief The pubsub item payload of spec §9: root SocialContact in the pubsub namespace with
/// id, author, title, publishedDate, refURL, status, statusTimestamp, statusUserId,
/// statusReason, sourceType, chatIsInvited, tags, extensionFields.
std::string serializeSocialContactEvent(const SocialContact& contact);

/// @brief The feed id in a feed refURL: its last path segment, which must be decimal digits.
/// Scheme, host, query and one trailing '/' are ignored; a bare id is accepted too.
std::optional<std::int64_t> feedIdFromRefUrl(std::string_view refUrl) noexcept;

}  // namespace smfront::ccp
