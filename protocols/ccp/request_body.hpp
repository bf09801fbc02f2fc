#pragma once

#include <string>
#include <string_view>

#include "ccp/api_errors.hpp"
#include "ccp/parsed.hpp"
#include "xml/element.hpp"
#include "xml/limits.hpp"

namespace smfront::ccp {

/// Limits for every XML body: 1 MB is the documented SocialMiner request cap (spec §3.2).
inline constexpr xml::Limits kBodyLimits{};

/// @brief @p body with every bare `&` (one not starting `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`
/// or a character reference) written as `&amp;`; CDATA sections and comments are left alone.
std::string escapeBareAmpersands(std::string_view body);

/// @brief @p body without the characters XML 1.0 cannot carry even escaped: C0 controls
/// other than tab, LF and CR, and U+FFFE / U+FFFF. Other bytes, invalid UTF-8 included, stay.
std::string removeForbiddenChars(std::string_view body);

/// How parseXmlBody may repair a body that is not well-formed before its one retry.
enum class BodyRepair {
  /// Escape bare `&` (spec §2.3).
  Ampersands,
  /// Also remove forbidden characters: for free text typed by customers (spec §3.5).
  AmpersandsAndForbiddenChars,
};

/// @brief Parses a request body whose root must be @p rootName (any namespace).
///
/// A body that is not well-formed is retried once after @p repair, since clients often
/// build XML by string concatenation. Failure is a single problem naming "body":
/// invalidValue for malformed, non-UTF-8 or refused XML (DOCTYPE, PI) and for a wrong root,
/// outOfRange for a body over the size limits.
Parsed<xml::Element> parseXmlBody(std::string_view body, std::string_view rootName,
                                  BodyRepair repair = BodyRepair::Ampersands);

}  // namespace smfront::ccp
