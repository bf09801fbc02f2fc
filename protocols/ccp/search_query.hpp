#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ccp/parsed.hpp"

namespace smfront::ccp {

// The contact search query language of spec §8.4: the subset of Solr syntax that SocialMiner
// clients send in the q parameter of GET /search/contacts.

/// A field a query can name (spec §8.4).
enum class SearchField {
  Author,
  Title,
  Tags,
  Description,
  SocialContactStatus,
  SourceType,
  IsSoftLocked,
  AgentName,
  AgentNickname,
  Transcript,
};

inline constexpr std::size_t kSearchFieldCount = 10;

/// Fields searched by a term that names none. Agent names, status, source type and the lock
/// flag are left out so that a word such as "chat" or "true" finds what the contacts say.
inline constexpr std::array<SearchField, 5> kDefaultSearchFields = {
    SearchField::Author, SearchField::Title, SearchField::Description, SearchField::Tags, SearchField::Transcript};

/// @brief Canonical name, e.g. "sc.author" or "chat.transcript".
std::string_view toString(SearchField field) noexcept;

/// @brief Field named by @p name in any case, with or without its "sc."/"chat." prefix.
std::optional<SearchField> parseSearchField(std::string_view name) noexcept;

/// @brief Whether @p field is matched word by word (author, title, description, transcript)
/// rather than as whole values (tags, status, source type, lock flag, agent names).
bool isTextField(SearchField field) noexcept;

/// The values a document holds for a field, e.g. one per tag or per transcript line; an empty
/// list when it has none. The views only need to live until matches() returns, which asks for
/// each field at most once.
using FieldValues = std::function<std::vector<std::string_view>(SearchField)>;

/// How a term compares with a field's values.
enum class TermMatch {
  Value,    ///< unquoted value: a word sequence of a text field, or a whole keyword value
  Prefix,   ///< value*: as Value, with the last word (or the keyword value) only a prefix
  Phrase,   ///< "a phrase": consecutive words of a text field, or a whole keyword value
  Present,  ///< field:* — the field has a non-empty value
};

/// One field:value term.
struct SearchTerm {
  /// nullopt: any of kDefaultSearchFields.
  std::optional<SearchField> field;
  TermMatch match = TermMatch::Value;
  /// Unescaped, ASCII lower-cased; without the '*' of a prefix; empty for Present.
  std::string text;
  /// text split into words as text fields are, for matching those.
  std::vector<std::string> words;

  friend bool operator==(const SearchTerm&, const SearchTerm&) = default;
};

/// One node of a parsed query.
struct SearchNode {
  enum class Kind { All, Term, Not, And, Or };

  Kind kind = Kind::All;
  /// Kind::Term only.
  SearchTerm term;
  /// Not: exactly one; And, Or: two or more, none of the same kind (nesting is flattened).
  std::vector<SearchNode> children;

  friend bool operator==(const SearchNode&, const SearchNode&) = default;
};

class SearchQuery;

/// @brief Parses a decoded q parameter. A problem is {invalidValue, "q", message giving the
/// 1-based character position}; only the first problem is reported. Refused: empty or blank
/// queries, more than kMaxChars characters, invalid UTF-8, more than kMaxDepth nested
/// parentheses, more than kMaxTerms terms, unknown fields and syntax errors.
Parsed<SearchQuery> parseSearchQuery(std::string_view q);

/// A parsed query: immutable, cheap to evaluate against many documents.
class SearchQuery {
 public:
  static constexpr std::size_t kMaxChars = 1024;
  static constexpr std::size_t kMaxDepth = 32;
  static constexpr std::size_t kMaxTerms = 64;

  const SearchNode& root() const noexcept { return root_; }

  /// @brief Whether the document described by @p values satisfies the query.
  bool matches(const FieldValues& values) const;

  /// @brief Normalized form: canonical field names, lower-cased values, explicit AND, groups
  /// in parentheses below the root. Parsing it gives the same query, when it is within
  /// kMaxChars: a field applied to a group is written on each of its terms, so the form of
  /// a long grouped query can be longer than the query.
  std::string toString() const;

  friend bool operator==(const SearchQuery&, const SearchQuery&) = default;

 private:
  friend Parsed<SearchQuery> parseSearchQuery(std::string_view q);
  explicit SearchQuery(SearchNode root) : root_(std::move(root)) {}

  SearchNode root_;
};

}  // namespace smfront::ccp
