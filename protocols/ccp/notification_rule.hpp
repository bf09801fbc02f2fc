#pragma once
// The notification rule representation (spec socialminer-rest 8.5) and the
// HTTP notification payload.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/parsed.hpp"

namespace smfront::ccp {

inline constexpr std::size_t kMaxRuleTags = 5;
inline constexpr std::size_t kMaxRuleTargets = 10;
inline constexpr std::size_t kMaxRuleNameChars = 255;
inline constexpr std::size_t kMaxRuleSubjectChars = 255;
inline constexpr std::size_t kMaxRuleBodyChars = 2048;
inline constexpr std::size_t kMaxRuleUrlChars = 2048;
/// What a stored password reads back as; a PUT carrying it keeps the stored one.
inline constexpr std::string_view kMaskedPassword = "******";

enum class RuleType { Email, Im, Http, Cce };

/// @brief "email", "im", "http", "cce".
std::string_view toString(RuleType type) noexcept;
/// @brief The type named @p name in any case, or nullopt.
std::optional<RuleType> ruleTypeFromString(std::string_view name) noexcept;

struct NotificationRule {
  /// Server-assigned; written only when set.
  std::optional<std::int64_t> id;
  std::string name;
  std::string description;
  RuleType type = RuleType::Im;
  std::string campaignUrl;
  std::vector<std::string> tags;
  std::vector<std::string> targets;
  std::string subject;
  std::string body;
  std::string httpUrl;
  std::string alternateHttpUrl;
  std::string httpUsername;
  std::string httpPassword;
  bool sslVerifyCertificates = true;
  std::string scriptSelector;
  std::optional<std::int64_t> mediaRoutingDomainId;
  std::int64_t changeStamp = 0;
  /// Server-set; written only when non-empty.
  std::string refURL;

  friend bool operator==(const NotificationRule&, const NotificationRule&) = default;
};

/// Admin PUT: changeStamp required, absent fields unchanged.
struct NotificationRuleUpdate {
  std::int64_t changeStamp = 0;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<RuleType> type;
  std::optional<std::string> campaignUrl;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::vector<std::string>> targets;
  std::optional<std::string> subject;
  std::optional<std::string> body;
  std::optional<std::string> httpUrl;
  std::optional<std::string> alternateHttpUrl;
  std::optional<std::string> httpUsername;
  std::optional<std::string> httpPassword;
  std::optional<bool> sslVerifyCertificates;
  std::optional<std::string> scriptSelector;
  std::optional<std::int64_t> mediaRoutingDomainId;
};

/// @brief Parses a `<NotificationRule>` create body and checks it as a whole
/// (validateNotificationRule).
Parsed<NotificationRule> parseNotificationRule(std::string_view body);

/// @brief Parses a `<NotificationRule>` PUT body; present fields are checked
/// for form only, the merged rule with validateNotificationRule.
Parsed<NotificationRuleUpdate> parseNotificationRuleUpdate(std::string_view body);

/// @brief Applies the present fields of @p update (a masked password keeps the stored one).
void applyNotificationRuleUpdate(NotificationRule& rule, const NotificationRuleUpdate& update);

/// @brief The per-type checks of spec 8.5: required fields, at most 5 tags and 10 targets,
/// JIDs for im targets, addresses for email targets, absolute http(s) URLs.
Problems validateNotificationRule(const NotificationRule& rule);

/// @brief `<NotificationRule>`, passwords masked.
std::string serializeNotificationRule(const NotificationRule& rule);
/// @brief `<NotificationRules>` of full rules.
std::string serializeNotificationRules(std::span<const NotificationRule> rules);

/// @brief The campaign publicId of a campaign refURL (`…/campaign/<publicId>`), or nullopt.
std::optional<std::string> campaignIdFromRefUrl(std::string_view refUrl);

/// @brief Whether @p url is an absolute http or https URL with a host.
bool isHttpUrl(std::string_view url) noexcept;

/// @brief The HTTP notification body: @p socialContactXml (a `<SocialContact>` document)
/// with `notificationTag` and `screenPopUrl` added as its last children.
std::string notificationPayload(std::string_view socialContactXml, std::string_view tag, std::string_view screenPopUrl);

}  // namespace smfront::ccp
