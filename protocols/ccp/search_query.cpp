// Theory of operation
//
// Parsing is recursive descent over a lazy lexer with one token of lookahead:
//
//   query   := or
//   or      := and ("OR" and)*
//   and     := unary (["AND"] unary)*               adjacent operands are an implicit AND
//   unary   := ("NOT" | "-" | "+")* primary
//   primary := "(" or ")" | field ":(" or ")" | term
//   term    := [field ":"] (value | value "*" | "*" | '"' phrase '"') | "*:*"
//
// so NOT binds tightest, then AND, then OR. As in Solr, the operator words count only in upper
// case and unescaped; "and" or "or" are plain values. A token is a maximal run of bytes other
// than whitespace, parentheses and quotes, in which a backslash makes the next byte literal;
// '+' and '-' are operators only where a token starts, so "e-mail" stays one value. The first
// unescaped ':' of a run ends its field name. Inside "field:( … )" terms without a field of
// their own take that field. A bare "*" means everything, like "*:*".
//
// The limits bound the work before it is done: the size is checked before anything else, the
// parentheses depth as each '(' is met (the only place the parser recurses, four frames per
// level), and the term count as each term is made. Prefix operators are folded in a loop and
// an even number of negations cancels, so nothing but parentheses deepens the tree; And and
// Or nodes absorb children of their own kind. Both keep toString() normalized and make the
// evaluator's recursion as shallow as the parser's. Only the first problem is reported:
// after a syntax error, what follows cannot be read reliably.
//
// Matching fetches each field's values from the caller at most once per document and splits a
// text field's values into lower-cased words once. Word sequences (a multi-word value, a phrase)
// must lie within one value: a phrase does not run from one transcript line into the next,
// like Solr's position gap between the values of a multi-valued field. Keyword fields compare
// whole values. Case folding is ASCII only; the bytes of other characters compare as they are.

#include "ccp/search_query.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "ccp/validation.hpp"

namespace smfront::ccp {

namespace {

constexpr std::string_view kQ = "q";

struct FieldInfo {
  std::string_view name;
  std::size_t prefixLength;  // of "sc." or "chat."
  bool text;
};

// In SearchField order.
constexpr std::array<FieldInfo, kSearchFieldCount> kFields = {{
    {"sc.author", 3, true},
    {"sc.title", 3, true},
    {"sc.tags", 3, false},
    {"sc.description", 3, true},
    {"sc.socialContactStatus", 3, false},
    {"sc.sourceType", 3, false},
    {"sc.isSoftLocked", 3, false},
    {"chat.agentName", 5, false},
    {"chat.agentNickname", 5, false},
    {"chat.transcript", 5, true},
}};

std::size_t indexOf(SearchField field) noexcept { return static_cast<std::size_t>(field); }

bool isSpace(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

char lowerAscii(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Bytes of multi-byte UTF-8 characters count as word bytes, so that accented and non-Latin
// words are not cut apart.
bool isWordByte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

std::vector<std::string> splitWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (isWordByte(c)) {
      word += lowerAscii(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

// Whether @p needle occurs as consecutive words of @p haystack; the last needle word may be
// only the start of its haystack word.
bool containsSequence(const std::vector<std::string>& haystack, const std::vector<std::string>& needle,
                      bool lastIsPrefix) {
  if (needle.empty() || needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    bool all = true;
    for (std::size_t j = 0; j < needle.size() && all; ++j) {
      const std::string& word = haystack[i + j];
      all = lastIsPrefix && j + 1 == needle.size() ? word.starts_with(needle[j]) : word == needle[j];
    }
    if (all) return true;
  }
  return false;
}

SearchNode combine(SearchNode::Kind kind, std::vector<SearchNode> operands) {
  if (operands.size() == 1) return std::move(operands.front());
  SearchNode node;
  node.kind = kind;
  for (SearchNode& operand : operands) {
    if (operand.kind == kind) {
      std::move(operand.children.begin(), operand.children.end(), std::back_inserter(node.children));
    } else {
      node.children.push_back(std::move(operand));
    }
  }
  return node;
}

SearchNode negation(SearchNode operand) {
  if (operand.kind == SearchNode::Kind::Not) return std::move(operand.children.front());
  SearchNode node;
  node.kind = SearchNode::Kind::Not;
  node.children.push_back(std::move(operand));
  return node;
}

// ---- lexer and parser ----

enum class TokenKind { End, LParen, RParen, And, Or, Not, Plus, Minus, Term, FieldGroup };

struct Token {
  TokenKind kind = TokenKind::End;
  std::size_t offset = 0;  // first byte in the query
  // Term and FieldGroup (whose '(' is the next token):
  bool hasField = false;
  bool fieldIsStar = false;  // the field name was an unescaped '*'
  std::string field;
  // Term: unescaped, without a prefix '*'.
  std::string value;
  TermMatch match = TermMatch::Value;
};

std::string_view spelling(TokenKind kind) noexcept {
  switch (kind) {
    case TokenKind::LParen: return "(";
    case TokenKind::RParen: return ")";
    case TokenKind::And: return "AND";
    case TokenKind::Or: return "OR";
    case TokenKind::Not: return "NOT";
    case TokenKind::Plus: return "+";
    case TokenKind::Minus: return "-";
    default: return "";
  }
}

bool startsOperand(TokenKind kind) noexcept {
  return kind == TokenKind::Term || kind == TokenKind::FieldGroup || kind == TokenKind::LParen ||
         kind == TokenKind::Not || kind == TokenKind::Plus || kind == TokenKind::Minus;
}

class Parser {
 public:
  explicit Parser(std::string_view q) noexcept : q_(q) {}

  std::optional<SearchNode> parse() {
    if (!advance()) return std::nullopt;
    std::optional<SearchNode> root = parseOr(std::nullopt);
    if (!root) return std::nullopt;
    // parseOr stops only at the end or at a ')' that no '(' opened.
    if (token_.kind != TokenKind::End) return fail("unexpected ')' " + where(token_.offset));
    return root;
  }

  const ApiError& problem() const noexcept { return problem_; }

 private:
  // The field that terms without one search: nullopt for the default fields.
  using Scope = std::optional<SearchField>;

  bool reject(std::string message) {
    problem_ = invalidValue(kQ, "q: " + std::move(message));
    return false;
  }

  std::nullopt_t fail(std::string message) {
    reject(std::move(message));
    return std::nullopt;
  }

  // Positions are counted in characters from 1, as the user sees them.
  std::string where(std::size_t offset) const {
    if (offset >= q_.size()) return "at the end";
    return "at position " + std::to_string(countChars(q_.substr(0, offset)) + 1);
  }

  // ---- lexer ----

  bool advance() {
    while (pos_ < q_.size() && isSpace(q_[pos_])) ++pos_;
    token_ = Token{};
    token_.offset = pos_;
    if (pos_ == q_.size()) return true;
    switch (q_[pos_]) {
      case '(': return single(TokenKind::LParen);
      case ')': return single(TokenKind::RParen);
      case '+': return single(TokenKind::Plus);
      case '-': return single(TokenKind::Minus);
      case '"':
        token_.kind = TokenKind::Term;
        token_.match = TermMatch::Phrase;
        return readPhrase(token_.value);
      default: return readRun();
    }
  }

  bool single(TokenKind kind) {
    token_.kind = kind;
    ++pos_;
    return true;
  }

  // pos_ is at the opening quote.
  bool readPhrase(std::string& out) {
    const std::size_t start = pos_++;
    while (pos_ < q_.size()) {
      const char c = q_[pos_++];
      if (c == '"') {
        if (out.empty()) return reject("empty phrase " + where(start));
        return true;
      }
      if (c == '\\') {
        if (pos_ == q_.size()) break;
        out += q_[pos_++];
      } else {
        out += c;
      }
    }
    return reject("unterminated phrase starting " + where(start));
  }

  bool readRun() {
    token_.kind = TokenKind::Term;
    const std::size_t start = pos_;
    std::size_t partStart = pos_;
    std::string part;
    // Unescaped '*' of the current part: only one, as its last byte, is a prefix mark.
    std::size_t stars = 0;
    std::size_t firstStar = 0;
    bool endsWithStar = false;
    while (pos_ < q_.size()) {
      const char c = q_[pos_];
      if (isSpace(c) || c == '(' || c == ')' || c == '"') break;
      if (c == '\\') {
        if (pos_ + 1 == q_.size()) return reject("'\\' with nothing to escape " + where(pos_));
        part += q_[pos_ + 1];
        pos_ += 2;
        endsWithStar = false;
        continue;
      }
      if (c == ':' && !token_.hasField) {
        if (part.empty()) return reject("missing field name before ':' " + where(pos_));
        token_.hasField = true;
        token_.fieldIsStar = q_.substr(partStart, pos_ - partStart) == "*";
        token_.field = std::move(part);
        part.clear();
        stars = 0;
        endsWithStar = false;
        partStart = ++pos_;
        if (pos_ == q_.size() || isSpace(q_[pos_]) || q_[pos_] == ')') {
          return reject("missing value after '" + token_.field + ":' " + where(pos_));
        }
        if (q_[pos_] == '(') {
          token_.kind = TokenKind::FieldGroup;
          return true;
        }
        if (q_[pos_] == '"') {
          token_.match = TermMatch::Phrase;
          return readPhrase(token_.value);
        }
        continue;
      }
      if (c == '*') {
        if (stars++ == 0) firstStar = pos_;
        endsWithStar = true;
      } else {
        endsWithStar = false;
      }
      part += c;
      ++pos_;
    }
    const std::string_view raw = q_.substr(start, pos_ - start);
    if (!token_.hasField && (raw == "AND" || raw == "OR" || raw == "NOT")) {
      token_.kind = raw == "AND" ? TokenKind::And : raw == "OR" ? TokenKind::Or : TokenKind::Not;
      return true;
    }
    if (stars == 1 && part == "*") {
      token_.match = TermMatch::Present;
    } else if (stars == 1 && endsWithStar) {
      token_.match = TermMatch::Prefix;
      part.pop_back();
    } else if (stars != 0) {
      return reject("'*' is only allowed at the end of a value, not " + where(firstStar));
    }
    token_.value = std::move(part);
    return true;
  }

  // ---- parser ----

  bool expectOperandAfter(TokenKind op, std::size_t offset) {
    if (startsOperand(token_.kind)) return true;
    return reject("'" + std::string(spelling(op)) + "' " + where(offset) + " is not followed by a term");
  }

  std::optional<SearchNode> parseOr(const Scope& scope) {
    std::vector<SearchNode> operands;
    std::optional<SearchNode> operand = parseAnd(scope);
    if (!operand) return std::nullopt;
    operands.push_back(std::move(*operand));
    while (token_.kind == TokenKind::Or) {
      const std::size_t offset = token_.offset;
      if (!advance() || !expectOperandAfter(TokenKind::Or, offset)) return std::nullopt;
      operand = parseAnd(scope);
      if (!operand) return std::nullopt;
      operands.push_back(std::move(*operand));
    }
    return combine(SearchNode::Kind::Or, std::move(operands));
  }

  std::optional<SearchNode> parseAnd(const Scope& scope) {
    std::vector<SearchNode> operands;
    std::optional<SearchNode> operand = parseUnary(scope);
    if (!operand) return std::nullopt;
    operands.push_back(std::move(*operand));
    for (;;) {
      if (token_.kind == TokenKind::And) {
        const std::size_t offset = token_.offset;
        if (!advance() || !expectOperandAfter(TokenKind::And, offset)) return std::nullopt;
      } else if (!startsOperand(token_.kind)) {
        break;
      }
      operand = parseUnary(scope);
      if (!operand) return std::nullopt;
      operands.push_back(std::move(*operand));
    }
    return combine(SearchNode::Kind::And, std::move(operands));
  }

  std::optional<SearchNode> parseUnary(const Scope& scope) {
    bool negated = false;
    std::optional<std::pair<TokenKind, std::size_t>> lastOp;
    while (token_.kind == TokenKind::Not || token_.kind == TokenKind::Minus || token_.kind == TokenKind::Plus) {
      // '+' marks a required term, which every AND operand already is.
      if (token_.kind != TokenKind::Plus) negated = !negated;
      lastOp.emplace(token_.kind, token_.offset);
      if (!advance()) return std::nullopt;
    }
    if (lastOp && !expectOperandAfter(lastOp->first, lastOp->second)) return std::nullopt;
    if (!startsOperand(token_.kind)) {
      if (token_.kind == TokenKind::End) return fail("expected a term at the end");
      return fail("expected a term " + where(token_.offset) + ", found '" + std::string(spelling(token_.kind)) +
                  "'");
    }
    std::optional<SearchNode> operand = parsePrimary(scope);
    if (!operand || !negated) return operand;
    return negation(std::move(*operand));
  }

  std::optional<SearchNode> parsePrimary(const Scope& scope) {
    if (token_.kind == TokenKind::LParen) return parseGroup(scope);
    if (token_.kind == TokenKind::FieldGroup) {
      const std::optional<SearchField> field = resolveField();
      if (!field || !advance()) return std::nullopt;
      return parseGroup(field);
    }
    return parseTerm(scope);
  }

  // token_ is the '('.
  std::optional<SearchNode> parseGroup(const Scope& scope) {
    const std::size_t open = token_.offset;
    if (depth_ == SearchQuery::kMaxDepth) {
      return fail("parentheses nest deeper than " + std::to_string(SearchQuery::kMaxDepth) + " levels " +
                  where(open));
    }
    ++depth_;
    if (!advance()) return std::nullopt;
    std::optional<SearchNode> inner = parseOr(scope);
    if (!inner) return std::nullopt;
    if (token_.kind != TokenKind::RParen) return fail("missing ')' for the '(' " + where(open));
    --depth_;
    if (!advance()) return std::nullopt;
    return inner;
  }

  std::optional<SearchField> resolveField() {
    if (token_.fieldIsStar) return fail("'*' is a field only in '*:*', not " + where(token_.offset));
    const std::optional<SearchField> field = parseSearchField(token_.field);
    if (!field) return fail("unknown field '" + token_.field + "' " + where(token_.offset));
    return field;
  }

  std::optional<SearchNode> parseTerm(const Scope& scope) {
    if (++terms_ > SearchQuery::kMaxTerms) {
      return fail("more than " + std::to_string(SearchQuery::kMaxTerms) + " terms, the next " +
                  where(token_.offset));
    }
    SearchNode node;
    if (token_.hasField && token_.fieldIsStar && token_.match == TermMatch::Present) {
      if (!advance()) return std::nullopt;
      return node;
    }
    Scope field = scope;
    if (token_.hasField) {
      field = resolveField();
      if (!field) return std::nullopt;
    }
    // A bare "*" asks for everything, as "*:*" does.
    if (token_.match == TermMatch::Present && !field) {
      if (!advance()) return std::nullopt;
      return node;
    }
    node.kind = SearchNode::Kind::Term;
    node.term.field = field;
    node.term.match = token_.match;
    node.term.text = toLowerAscii(token_.value);
    node.term.words = splitWords(node.term.text);
    if (!advance()) return std::nullopt;
    return node;
  }

  std::string_view q_;
  std::size_t pos_ = 0;
  Token token_;
  std::size_t depth_ = 0;
  std::size_t terms_ = 0;
  ApiError problem_;
};

// ---- normalized form ----

void appendValue(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool special = isSpace(c) || c == '\\' || c == '"' || c == '(' || c == ')' || c == ':' || c == '*' ||
                         (i == 0 && (c == '+' || c == '-'));
    if (special) out += '\\';
    out += c;
  }
}

void appendTerm(std::string& out, const SearchTerm& term) {
  if (term.field) {
    out += toString(*term.field);
    out += ':';
  }
  switch (term.match) {
    case TermMatch::Value: appendValue(out, term.text); break;
    case TermMatch::Prefix:
      appendValue(out, term.text);
      out += '*';
      break;
    case TermMatch::Phrase:
      out += '"';
      for (const char c : term.text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += '"';
      break;
    case TermMatch::Present: out += '*'; break;
  }
}

void appendNode(std::string& out, const SearchNode& node, bool nested) {
  switch (node.kind) {
    case SearchNode::Kind::All: out += "*:*"; break;
    case SearchNode::Kind::Term: appendTerm(out, node.term); break;
    case SearchNode::Kind::Not:
      out += "NOT ";
      appendNode(out, node.children.front(), true);
      break;
    case SearchNode::Kind::And:
    case SearchNode::Kind::Or: {
      const std::string_view separator = node.kind == SearchNode::Kind::And ? " AND " : " OR ";
      if (nested) out += '(';
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i != 0) out += separator;
        appendNode(out, node.children[i], true);
      }
      if (nested) out += ')';
      break;
    }
  }
}

// ---- evaluation ----

class Evaluator {
 public:
  explicit Evaluator(const FieldValues& source) noexcept : source_(source) {}

  bool holds(const SearchNode& node) {
    const auto child = [this](const SearchNode& c) { return holds(c); };
    switch (node.kind) {
      case SearchNode::Kind::All: return true;
      case SearchNode::Kind::Term: return holds(node.term);
      case SearchNode::Kind::Not: return !holds(node.children.front());
      case SearchNode::Kind::And: return std::all_of(node.children.begin(), node.children.end(), child);
      case SearchNode::Kind::Or: return std::any_of(node.children.begin(), node.children.end(), child);
    }
    return false;
  }

 private:
  bool holds(const SearchTerm& term) {
    if (term.field) return holdsIn(term, *term.field);
    return std::any_of(kDefaultSearchFields.begin(), kDefaultSearchFields.end(),
                       [&](SearchField field) { return holdsIn(term, field); });
  }

  bool holdsIn(const SearchTerm& term, SearchField field) {
    const std::vector<std::string_view>& values = valuesOf(field);
    if (term.match == TermMatch::Present) {
      return std::any_of(values.begin(), values.end(), [](std::string_view v) { return !v.empty(); });
    }
    if (!isTextField(field)) {
      return std::any_of(values.begin(), values.end(), [&](std::string_view v) {
        return term.match == TermMatch::Prefix ? startsWithIgnoreCase(v, term.text) : equalsIgnoreCase(v, term.text);
      });
    }
    const bool lastIsPrefix = term.match == TermMatch::Prefix;
    const std::vector<std::vector<std::string>>& lines = wordsOf(field);
    return std::any_of(lines.begin(), lines.end(), [&](const std::vector<std::string>& words) {
      return containsSequence(words, term.words, lastIsPrefix);
    });
  }

  const std::vector<std::string_view>& valuesOf(SearchField field) {
    std::optional<std::vector<std::string_view>>& slot = values_[indexOf(field)];
    if (!slot) slot = source_(field);
    return *slot;
  }

  const std::vector<std::vector<std::string>>& wordsOf(SearchField field) {
    std::optional<std::vector<std::vector<std::string>>>& slot = words_[indexOf(field)];
    if (!slot) {
      slot.emplace();
      for (const std::string_view value : valuesOf(field)) slot->push_back(splitWords(value));
    }
    return *slot;
  }

  const FieldValues& source_;
  std::array<std::optional<std::vector<std::string_view>>, kSearchFieldCount> values_;
  std::array<std::optional<std::vector<std::vector<std::string>>>, kSearchFieldCount> words_;
};

}  // namespace

std::string_view toString(SearchField field) noexcept { return kFields[indexOf(field)].name; }

std::optional<SearchField> parseSearchField(std::string_view name) noexcept {
  std::optional<SearchField> byLocalName;
  std::size_t localMatches = 0;
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    const FieldInfo& info = kFields[i];
    if (equalsIgnoreCase(name, info.name)) return static_cast<SearchField>(i);
    if (equalsIgnoreCase(name, info.name.substr(info.prefixLength))) {
      byLocalName = static_cast<SearchField>(i);
      ++localMatches;
    }
  }
  // A name without its prefix must designate a single field.
  if (localMatches != 1) return std::nullopt;
  return byLocalName;
}

bool isTextField(SearchField field) noexcept { return kFields[indexOf(field)].text; }

Parsed<SearchQuery> parseSearchQuery(std::string_view q) {
  static constexpr std::size_t kMaxUtf8Bytes = 4;
  const std::string tooLong = "q is longer than " + std::to_string(SearchQuery::kMaxChars) + " characters";
  // The byte bound refuses a huge input without reading it.
  if (q.size() > SearchQuery::kMaxChars * kMaxUtf8Bytes) return Problems{invalidValue(kQ, tooLong)};
  if (!isValidUtf8(q)) return Problems{invalidValue(kQ, "q is not valid UTF-8")};
  if (countChars(q) > SearchQuery::kMaxChars) return Problems{invalidValue(kQ, tooLong)};
  if (std::all_of(q.begin(), q.end(), isSpace)) return Problems{invalidValue(kQ, "q is empty")};
  Parser parser(q);
  std::optional<SearchNode> root = parser.parse();
  if (!root) return Problems{parser.problem()};
  return SearchQuery(std::move(*root));
}

bool SearchQuery::matches(const FieldValues& values) const { return Evaluator(values).holds(root_); }

std::string SearchQuery::toString() const {
  std::string out;
  appendNode(out, root_, false);
  return out;
}

}  // namespace smfront::ccp
