#pragma once
// Reply templates (Cisco's Reply Template API, /ccp-webapp/ccp/template/reply): the name
// and location of the page an agent's desktop shows to answer a contact. A feed points at
// one with its replyTemplateRefURL.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/parsed.hpp"

namespace smfront::ccp {

inline constexpr std::size_t kMaxTemplateNameChars = 255;

/// What a client sends: POST needs name and templateURL; PUT needs changeStamp, and an
/// absent name or templateURL stays as it is.
struct ReplyTemplateInput {
  std::optional<std::string> name;
  std::optional<std::string> templateURL;
  std::optional<std::int64_t> changeStamp;

  friend bool operator==(const ReplyTemplateInput&, const ReplyTemplateInput&) = default;
};

/// @brief A `<Template>` body of a POST (@p forCreate) or a PUT.
Parsed<ReplyTemplateInput> parseReplyTemplate(std::string_view body, bool forCreate);

/// A template as the server shows it.
struct ReplyTemplate {
  std::int64_t changeStamp = 0;
  std::string name;
  std::string refURL;
  bool systemDefined = false;
  std::string templateURL;

  friend bool operator==(const ReplyTemplate&, const ReplyTemplate&) = default;
};

/// @brief `<Template>` with its members in the guide's order.
std::string serializeReplyTemplate(const ReplyTemplate& t);
/// @brief `<templates>` of `<Template>`s.
std::string serializeReplyTemplates(const std::vector<ReplyTemplate>& templates);
/// @brief Reads back what serializeReplyTemplate wrote (for clients and tests).
Parsed<ReplyTemplate> parseReplyTemplateView(std::string_view body);

}  // namespace smfront::ccp
