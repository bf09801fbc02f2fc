#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/parsed.hpp"
#include "ccp/social_contact.hpp"

namespace smfront::ccp {

/// @brief Java URLEncoder encoding of the UTF-8 bytes of @p text: A-Z a-z 0-9 . - * _ kept,
/// space as '+', every other byte as %XX with upper-case hex. Used for MessageEvent bodies.
std::string urlFormEncode(std::string_view text);

/// @brief Strict application/x-www-form-urlencoded decoding: '+' is a space and every '%'
/// must start two hex digits; nullopt otherwise. The result is bytes, not checked for UTF-8.
std::optional<std::string> formDecode(std::string_view text);

/// One name=value pair of a form body or query string.
struct FormField {
  std::string name;
  std::string value;

  friend bool operator==(const FormField&, const FormField&) = default;
};

/// @brief Splits a form body or a query string (without its '?') into decoded pairs, in
/// order. Empty pieces between '&' are skipped; a piece without '=' has an empty value. A
/// bad escape is an invalidValue problem naming the field (or "body" if the name is bad).
Parsed<std::vector<FormField>> parseFormFields(std::string_view form);

/// The widget's chatAgentJoinTimeOut text becomes a StatusEvent detail: one line of text.
inline constexpr std::size_t kMaxStatusDetailChars = 255;

/// A chat create of the redirect or form styles (spec §3.3).
struct ChatFormCreate {
  /// feedRefURL is left empty: the feed id is in the URL path.
  ContactCreate contact;
  /// The widget's extensionField_chatAgentJoinTimeOut text, kept on the session only.
  std::optional<std::string> chatAgentJoinTimeOut;

  friend bool operator==(const ChatFormCreate&, const ChatFormCreate&) = default;
};

/// @brief Parses the fields of a redirect query or form body: title, author, description,
/// tags (comma-separated), extensionField_<name>. Widget-only extension fields are dropped,
/// except chatAgentJoinTimeOut, returned separately. Same checks as parseContactCreate
/// except feedRefURL; every text must be UTF-8. The first occurrence of a name wins.
Parsed<ChatFormCreate> parseChatForm(std::string_view form);

/// @brief The form body for @p create (the inverse of parseChatForm; tags joined by ',').
std::string serializeChatForm(const ChatFormCreate& create);

}  // namespace smfront::ccp
