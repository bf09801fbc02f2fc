#include "ccp/search_query.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace smfront::ccp {
namespace {

// A contact as the server would describe it: field → values.
struct Doc {
  std::map<SearchField, std::vector<std::string>> fields;

  FieldValues values() const {
    return [this](SearchField field) {
      std::vector<std::string_view> out;
      if (const auto it = fields.find(field); it != fields.end()) out.assign(it->second.begin(), it->second.end());
      return out;
    };
  }
};

Doc chatContact() {
  return Doc{{
      {SearchField::Author, {"Web Guest"}},
      {SearchField::Title, {"Billing question"}},
      {SearchField::Description, {"Customer asks about the March invoice"}},
      {SearchField::Tags, {"ccx_chat_req", "VIP"}},
      {SearchField::SocialContactStatus, {"reserved"}},
      {SearchField::SourceType, {"chat"}},
      {SearchField::IsSoftLocked, {"false"}},
      {SearchField::AgentName, {"Mary Smith"}},
      {SearchField::AgentNickname, {"mary"}},
      {SearchField::Transcript,
       {"Hello, I need help with my bill.", "Sure - what's the invoice number?", "It's INV-2024-17 from Zo\xC3\xAB's shop"}},
  }};
}

bool matches(std::string_view q, const Doc& doc = chatContact()) {
  const Parsed<SearchQuery> parsed = parseSearchQuery(q);
  EXPECT_TRUE(parsed.ok()) << q << ": " << (parsed.ok() ? "" : parsed.problems().front().errorMessage);
  return parsed.ok() && parsed->matches(doc.values());
}

// The normalized form, or the problem message when @p q is refused.
std::string normalized(std::string_view q) {
  const Parsed<SearchQuery> parsed = parseSearchQuery(q);
  if (!parsed.ok()) return "problem: " + parsed.problems().front().errorMessage;
  return parsed->toString();
}

// The message of the single problem @p q gives, after checking its type and data.
std::string problem(std::string_view q) {
  const Parsed<SearchQuery> parsed = parseSearchQuery(q);
  if (parsed.ok()) return "accepted as " + parsed->toString();
  EXPECT_EQ(parsed.problems().size(), 1u);
  EXPECT_EQ(parsed.problems().front().errorType, "invalidInput.invalidValue");
  EXPECT_EQ(parsed.problems().front().errorData, "q");
  return parsed.problems().front().errorMessage;
}

TEST(SearchField, NamesWithOrWithoutPrefixInAnyCase) {
  EXPECT_EQ(parseSearchField("sc.author"), SearchField::Author);
  EXPECT_EQ(parseSearchField("SC.TITLE"), SearchField::Title);
  EXPECT_EQ(parseSearchField("author"), SearchField::Author);
  EXPECT_EQ(parseSearchField("socialcontactstatus"), SearchField::SocialContactStatus);
  EXPECT_EQ(parseSearchField("chat.agentName"), SearchField::AgentName);
  EXPECT_EQ(parseSearchField("AgentNickname"), SearchField::AgentNickname);
  EXPECT_EQ(parseSearchField("Chat.Transcript"), SearchField::Transcript);
  EXPECT_FALSE(parseSearchField("chat.author"));
  EXPECT_FALSE(parseSearchField("sc.transcript"));
  EXPECT_FALSE(parseSearchField("sc."));
  EXPECT_FALSE(parseSearchField("agent"));
  EXPECT_FALSE(parseSearchField(""));
  for (std::size_t i = 0; i < kSearchFieldCount; ++i) {
    const auto field = static_cast<SearchField>(i);
    EXPECT_EQ(parseSearchField(toString(field)), field) << toString(field);
  }
  EXPECT_EQ(toString(SearchField::IsSoftLocked), "sc.isSoftLocked");
  EXPECT_TRUE(isTextField(SearchField::Transcript));
  EXPECT_TRUE(isTextField(SearchField::Author));
  EXPECT_FALSE(isTextField(SearchField::Tags));
  EXPECT_FALSE(isTextField(SearchField::AgentName));
}

TEST(SearchQueryParse, TermForms) {
  EXPECT_EQ(normalized("sc.title:Billing"), "sc.title:billing");
  EXPECT_EQ(normalized("title:\"Billing  Question\""), "sc.title:\"billing  question\"");
  EXPECT_EQ(normalized("Billing"), "billing");
  EXPECT_EQ(normalized("\"March invoice\""), "\"march invoice\"");
  EXPECT_EQ(normalized("tags:VIP*"), "sc.tags:vip*");
  EXPECT_EQ(normalized("tags:*"), "sc.tags:*");
  EXPECT_EQ(normalized("*:*"), "*:*");
  EXPECT_EQ(normalized("*"), "*:*");
  EXPECT_EQ(normalized("CHAT.AGENTNAME:Mary"), "chat.agentName:mary");
}

TEST(SearchQueryParse, PrecedenceIsNotThenAndThenOr) {
  EXPECT_EQ(normalized("a OR b AND c"), "a OR (b AND c)");
  EXPECT_EQ(normalized("a AND b OR c"), "(a AND b) OR c");
  EXPECT_EQ(normalized("NOT a AND b"), "NOT a AND b");
  EXPECT_EQ(normalized("NOT a OR b"), "NOT a OR b");
  EXPECT_EQ(normalized("a AND (b OR c)"), "a AND (b OR c)");
  EXPECT_EQ(normalized("NOT (a OR b)"), "NOT (a OR b)");
  EXPECT_EQ(normalized("a OR b OR c AND d AND e"), "a OR b OR (c AND d AND e)");
}

TEST(SearchQueryParse, AdjacentTermsAreImplicitAnd) {
  EXPECT_EQ(normalized("a b c"), "a AND b AND c");
  EXPECT_EQ(normalized("a b OR c d"), "(a AND b) OR (c AND d)");
  EXPECT_EQ(normalized("(a OR b) c"), "(a OR b) AND c");
  EXPECT_EQ(normalized("a(b)\"c d\""), "a AND b AND \"c d\"");
  EXPECT_EQ(normalized("(a AND (b c))"), "a AND b AND c");
  EXPECT_EQ(normalized("((a))"), "a");
}

TEST(SearchQueryParse, NotMinusAndPlus) {
  EXPECT_EQ(normalized("-a"), "NOT a");
  EXPECT_EQ(normalized("+a -b"), "a AND NOT b");
  EXPECT_EQ(normalized("a - b"), "a AND NOT b");
  EXPECT_EQ(normalized("a OR +b"), "a OR b");
  EXPECT_EQ(normalized("-(a OR b)"), "NOT (a OR b)");
  EXPECT_EQ(normalized("NOT NOT a"), "a");
  EXPECT_EQ(normalized("NOT -a"), "a");
  EXPECT_EQ(normalized("--+-a"), "NOT a");
  EXPECT_EQ(normalized("NOT (NOT a)"), "a");
  EXPECT_EQ(normalized("-title:x"), "NOT sc.title:x");
  EXPECT_EQ(normalized("e-mail"), "e-mail");  // '-' inside a value is not an operator
}

TEST(SearchQueryParse, OperatorsAreUpperCaseOnly) {
  EXPECT_EQ(normalized("a and b"), "a AND and AND b");
  EXPECT_EQ(normalized("a or b"), "a AND or AND b");
  EXPECT_EQ(normalized("not a"), "not AND a");
  EXPECT_EQ(normalized("a Or b"), "a AND or AND b");
  EXPECT_EQ(normalized("\"AND\""), "\"and\"");
  EXPECT_EQ(normalized("title:OR"), "sc.title:or");
  EXPECT_EQ(normalized("\\NOT a"), "not AND a");
}

TEST(SearchQueryParse, WhitespaceTolerant) {
  EXPECT_EQ(normalized("  \t( a\nOR\r\n  b )  "), "a OR b");
  EXPECT_EQ(normalized("NOT\ta"), "NOT a");
  EXPECT_EQ(normalized("title:\"  a  \""), "sc.title:\"  a  \"");
}

TEST(SearchQueryParse, FieldGroupAppliesToBareTerms) {
  EXPECT_EQ(normalized("title:(bill OR invoice) author:guest"),
            "(sc.title:bill OR sc.title:invoice) AND sc.author:guest");
  EXPECT_EQ(normalized("title:(a tags:b \"c d\" e*)"), "sc.title:a AND sc.tags:b AND sc.title:\"c d\" AND sc.title:e*");
  EXPECT_EQ(normalized("title:(*)"), "sc.title:*");
  EXPECT_EQ(normalized("title:(a (b OR -c))"), "sc.title:a AND (sc.title:b OR NOT sc.title:c)");
}

TEST(SearchQueryParse, BackslashEscapes) {
  EXPECT_EQ(normalized("title:a\\:b"), "sc.title:a\\:b");
  EXPECT_EQ(normalized("\"say \\\"hi\\\"\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(normalized("\\*"), "\\*");
  EXPECT_EQ(normalized("tags:a\\*"), "sc.tags:a\\*");
  EXPECT_EQ(normalized("tags:a\\**"), "sc.tags:a\\**");
  EXPECT_EQ(normalized("\\-a"), "\\-a");
  EXPECT_EQ(normalized("tags:vip\\ gold"), "sc.tags:vip\\ gold");
}

TEST(SearchQueryParse, NormalizedFormParsesToTheSameQuery) {
  for (const std::string_view q :
       {"a OR b AND c", "-title:(x y*) OR \"p q\"", "tags:a\\:b\\ c\\\\", "*:* -tags:*", "\\+x", "\"a \\\"b\\\\\"",
        "NOT (a OR NOT b) c", "transcript:inv-2024-17"}) {
    const Parsed<SearchQuery> first = parseSearchQuery(q);
    ASSERT_TRUE(first.ok()) << q;
    const Parsed<SearchQuery> second = parseSearchQuery(first->toString());
    ASSERT_TRUE(second.ok()) << first->toString();
    EXPECT_EQ(*first, *second) << q << " -> " << first->toString();
  }
}

TEST(SearchQueryParse, TermsCarryLowerCasedTextAndWords) {
  const Parsed<SearchQuery> parsed = parseSearchQuery("transcript:INV-2024*");
  ASSERT_TRUE(parsed.ok());
  const SearchNode& root = parsed->root();
  ASSERT_EQ(root.kind, SearchNode::Kind::Term);
  EXPECT_EQ(root.term.field, SearchField::Transcript);
  EXPECT_EQ(root.term.match, TermMatch::Prefix);
  EXPECT_EQ(root.term.text, "inv-2024");
  EXPECT_EQ(root.term.words, (std::vector<std::string>{"inv", "2024"}));
}

TEST(SearchQueryProblems, EmptyQuery) {
  EXPECT_EQ(problem(""), "q is empty");
  EXPECT_EQ(problem(" \t\r\n"), "q is empty");
}

TEST(SearchQueryProblems, UnknownField) {
  EXPECT_EQ(problem("foo:bar"), "q: unknown field 'foo' at position 1");
  EXPECT_EQ(problem("title:x chat.author:y"), "q: unknown field 'chat.author' at position 9");
  EXPECT_EQ(problem("nope:(a b)"), "q: unknown field 'nope' at position 1");
  EXPECT_EQ(problem("*:x"), "q: '*' is a field only in '*:*', not at position 1");
  EXPECT_EQ(problem(":x"), "q: missing field name before ':' at position 1");
  EXPECT_EQ(problem("title:"), "q: missing value after 'title:' at the end");
  EXPECT_EQ(problem("title: x"), "q: missing value after 'title:' at position 7");
}

TEST(SearchQueryProblems, UnbalancedParentheses) {
  EXPECT_EQ(problem("(a"), "q: missing ')' for the '(' at position 1");
  EXPECT_EQ(problem("((a)"), "q: missing ')' for the '(' at position 1");
  EXPECT_EQ(problem("x (a OR (b)"), "q: missing ')' for the '(' at position 3");
  EXPECT_EQ(problem("a)"), "q: unexpected ')' at position 2");
  EXPECT_EQ(problem("(a))"), "q: unexpected ')' at position 4");
  EXPECT_EQ(problem(")"), "q: expected a term at position 1, found ')'");
  EXPECT_EQ(problem("()"), "q: expected a term at position 2, found ')'");
  EXPECT_EQ(problem("("), "q: expected a term at the end");
  EXPECT_EQ(problem("title:(a"), "q: missing ')' for the '(' at position 7");
}

TEST(SearchQueryProblems, UnbalancedQuotes) {
  EXPECT_EQ(problem("\"abc"), "q: unterminated phrase starting at position 1");
  EXPECT_EQ(problem("title:\"a b"), "q: unterminated phrase starting at position 7");
  EXPECT_EQ(problem("\"a\\\""), "q: unterminated phrase starting at position 1");
  EXPECT_EQ(problem("a \"\""), "q: empty phrase at position 3");
}

TEST(SearchQueryProblems, DanglingOperators) {
  EXPECT_EQ(problem("a AND"), "q: 'AND' at position 3 is not followed by a term");
  EXPECT_EQ(problem("a OR OR b"), "q: 'OR' at position 3 is not followed by a term");
  EXPECT_EQ(problem("(a AND) b"), "q: 'AND' at position 4 is not followed by a term");
  EXPECT_EQ(problem("NOT"), "q: 'NOT' at position 1 is not followed by a term");
  EXPECT_EQ(problem("a NOT OR b"), "q: 'NOT' at position 3 is not followed by a term");
  EXPECT_EQ(problem("a -"), "q: '-' at position 3 is not followed by a term");
  EXPECT_EQ(problem("OR a"), "q: expected a term at position 1, found 'OR'");
  EXPECT_EQ(problem("AND"), "q: expected a term at position 1, found 'AND'");
}

TEST(SearchQueryProblems, MisplacedWildcardAndEscape) {
  EXPECT_EQ(problem("a*b"), "q: '*' is only allowed at the end of a value, not at position 2");
  EXPECT_EQ(problem("title:**"), "q: '*' is only allowed at the end of a value, not at position 7");
  EXPECT_EQ(problem("*a"), "q: '*' is only allowed at the end of a value, not at position 1");
  EXPECT_EQ(problem("a\\"), "q: '\\' with nothing to escape at position 2");
}

TEST(SearchQueryProblems, PositionsCountCharacters) {
  EXPECT_EQ(problem("Zo\xC3\xAB foo:x"), "q: unknown field 'foo' at position 5");
  EXPECT_EQ(problem("\xE2\x82\xAC\xE2\x82\xAC)"), "q: unexpected ')' at position 3");
}

TEST(SearchQueryProblems, InvalidUtf8) { EXPECT_EQ(problem("title:\xE9t\xE9"), "q is not valid UTF-8"); }

TEST(SearchQueryLimits, Length) {
  EXPECT_EQ(normalized(std::string(1024, 'a')), std::string(1024, 'a'));
  EXPECT_EQ(problem(std::string(1025, 'a')), "q is longer than 1024 characters");
  std::string accents;
  for (int i = 0; i < 1024; ++i) accents += "\xC3\xA9";
  EXPECT_TRUE(parseSearchQuery(accents).ok());
  EXPECT_EQ(problem(accents + "\xC3\xA9"), "q is longer than 1024 characters");
  // Refused on its size alone: nothing else is read.
  EXPECT_EQ(problem(std::string(16 * 1024 * 1024, '(')), "q is longer than 1024 characters");
}

TEST(SearchQueryLimits, Depth) {
  const auto nested = [](std::size_t depth) { return std::string(depth, '(') + "a" + std::string(depth, ')'); };
  EXPECT_EQ(normalized(nested(32)), "a");
  EXPECT_EQ(problem(nested(33)), "q: parentheses nest deeper than 32 levels at position 33");
  EXPECT_EQ(problem(std::string(1024, '(')), "q: parentheses nest deeper than 32 levels at position 33");
  EXPECT_EQ(normalized("title:" + nested(32)), "sc.title:a");
  EXPECT_EQ(problem("title:" + nested(33)), "q: parentheses nest deeper than 32 levels at position 39");
  // Prefix operators do not nest: a long run of them folds into at most one NOT.
  EXPECT_EQ(normalized(std::string(1000, '-') + "a"), "a");
  EXPECT_EQ(normalized(std::string(1001, '-') + "a"), "NOT a");
  std::string nots;
  for (int i = 0; i < 255; ++i) nots += "NOT ";
  EXPECT_EQ(normalized(nots + "a"), "NOT a");
}

TEST(SearchQueryLimits, Terms) {
  std::string q = "t0";
  for (int i = 1; i < 64; ++i) q += " t" + std::to_string(i);
  EXPECT_TRUE(parseSearchQuery(q).ok());
  EXPECT_EQ(problem(q + " x"), "q: more than 64 terms, the next at position " + std::to_string(q.size() + 2));
  std::string group = "title:(";
  for (int i = 0; i < 65; ++i) group += "a ";
  EXPECT_EQ(problem(group + ")"), "q: more than 64 terms, the next at position 136");
  EXPECT_TRUE(parseSearchQuery("*:* " + q.substr(3)).ok());
  EXPECT_EQ(problem("*:* " + q), "q: more than 64 terms, the next at position " + std::to_string(q.size() + 2));
}

TEST(SearchQueryMatch, TextFieldsMatchWords) {
  EXPECT_TRUE(matches("title:billing"));
  EXPECT_TRUE(matches("title:QUESTION"));
  EXPECT_FALSE(matches("title:bill"));  // a word, not a substring
  EXPECT_TRUE(matches("title:bill*"));
  EXPECT_FALSE(matches("title:ill*"));
  EXPECT_TRUE(matches("author:guest"));
  EXPECT_TRUE(matches("sc.author:\"web guest\""));
  EXPECT_FALSE(matches("author:\"guest web\""));
  EXPECT_TRUE(matches("description:march"));
  EXPECT_FALSE(matches("title:\"billing\" AND title:\"question billing\""));
}

TEST(SearchQueryMatch, PhrasesSpanConsecutiveTranscriptWords) {
  EXPECT_TRUE(matches("transcript:\"need help\""));
  EXPECT_TRUE(matches("chat.transcript:\"Help with my BILL\""));
  EXPECT_TRUE(matches("transcript:\"invoice number\""));  // punctuation separates words only
  EXPECT_TRUE(matches("transcript:\"hello i need\""));
  EXPECT_FALSE(matches("transcript:\"need my help\""));
  EXPECT_FALSE(matches("transcript:\"bill sure\""));  // not from one line into the next
  EXPECT_TRUE(matches("transcript:inv-2024-17"));    // a value of several words is a sequence
  EXPECT_FALSE(matches("transcript:inv-17"));
  EXPECT_TRUE(matches("transcript:\"inv 2024\""));
  EXPECT_FALSE(matches("transcript:\"the invoice nu*\""));  // '*' in a phrase is no wildcard
  EXPECT_TRUE(matches("transcript:invoice\\ nu*"));  // but a prefix may end a sequence
  EXPECT_TRUE(matches("transcript:zo\xC3\xAB"));
  EXPECT_TRUE(matches("transcript:ZO\xC3\xAB"));
  EXPECT_TRUE(matches("transcript:zo*"));
  EXPECT_FALSE(matches("transcript:zo"));
}

TEST(SearchQueryMatch, KeywordFieldsMatchWholeValues) {
  EXPECT_TRUE(matches("tags:vip"));
  EXPECT_TRUE(matches("tags:ViP"));
  EXPECT_FALSE(matches("tags:vi"));
  EXPECT_TRUE(matches("tags:vi*"));
  EXPECT_TRUE(matches("tags:ccx_chat_req"));
  EXPECT_FALSE(matches("tags:ccx"));
  EXPECT_FALSE(matches("tags:chat"));
  EXPECT_TRUE(matches("tags:CCX_*"));
  EXPECT_TRUE(matches("socialContactStatus:RESERVED"));
  EXPECT_TRUE(matches("sc.sourceType:chat"));
  EXPECT_TRUE(matches("isSoftLocked:false"));
  EXPECT_FALSE(matches("isSoftLocked:true"));
  EXPECT_FALSE(matches("agentName:mary"));
  EXPECT_TRUE(matches("agentName:\"mary smith\""));
  EXPECT_TRUE(matches("agentName:mary\\ smith"));
  EXPECT_TRUE(matches("agentName:mary*"));
  EXPECT_TRUE(matches("agentNickname:MARY"));
}

TEST(SearchQueryMatch, BareTermsSearchDefaultFields) {
  EXPECT_TRUE(matches("invoice"));       // description and transcript
  EXPECT_TRUE(matches("vip"));           // tags
  EXPECT_TRUE(matches("guest"));         // author
  EXPECT_TRUE(matches("\"march invoice\""));
  EXPECT_FALSE(matches("smith"));        // agent names are not searched by default
  EXPECT_FALSE(matches("reserved"));     // nor the status
  EXPECT_FALSE(matches("\"invoice march\""));
}

TEST(SearchQueryMatch, PresenceAndEverything) {
  Doc bare{{{SearchField::Title, {"Hi"}}, {SearchField::Tags, {""}}}};
  EXPECT_TRUE(matches("*:*", bare));
  EXPECT_TRUE(matches("*", Doc{}));
  EXPECT_FALSE(matches("NOT *:*", bare));
  EXPECT_TRUE(matches("title:*", bare));
  EXPECT_FALSE(matches("tags:*", bare));  // an empty value is no value
  EXPECT_FALSE(matches("chat.agentName:*", bare));
  EXPECT_TRUE(matches("chat.agentName:*"));
  EXPECT_TRUE(matches("-agentName:*", bare));
  EXPECT_FALSE(matches("hi", Doc{}));
}

TEST(SearchQueryMatch, BooleanOperators) {
  EXPECT_FALSE(matches("billing AND NOT vip"));
  EXPECT_FALSE(matches("billing -vip"));
  EXPECT_TRUE(matches("billing -gold"));
  EXPECT_TRUE(matches("billing OR nothinghere"));
  EXPECT_FALSE(matches("billing nothinghere"));
  EXPECT_TRUE(matches("(nothing OR vip) +billing"));
  EXPECT_TRUE(matches("NOT nothing"));
  EXPECT_TRUE(matches("nothing OR vip AND billing"));
  EXPECT_FALSE(matches("(nothing OR vip) AND missing"));
  EXPECT_TRUE(matches("title:(question -refund) sourceType:chat"));
  EXPECT_FALSE(matches("billing and question"));  // lower-case "and" is a word to find
  EXPECT_TRUE(matches("billing AND question"));
}

TEST(SearchQueryMatch, FetchesEachFieldOnce) {
  const Parsed<SearchQuery> parsed =
      parseSearchQuery("title:zz OR title:yy* OR title:\"x w\" OR tags:q OR tags:* OR nothing");
  ASSERT_TRUE(parsed.ok());
  std::array<int, kSearchFieldCount> calls{};
  const std::vector<std::string> title = {"Hello there"};
  const bool result = parsed->matches([&](SearchField field) {
    ++calls[static_cast<std::size_t>(field)];
    std::vector<std::string_view> out;
    if (field == SearchField::Title) out.assign(title.begin(), title.end());
    return out;
  });
  EXPECT_FALSE(result);
  for (std::size_t i = 0; i < kSearchFieldCount; ++i) EXPECT_LE(calls[i], 1) << i;
  EXPECT_EQ(calls[static_cast<std::size_t>(SearchField::Title)], 1);
  EXPECT_EQ(calls[static_cast<std::size_t>(SearchField::AgentName)], 0);
}

}  // namespace
}  // namespace smfront::ccp
