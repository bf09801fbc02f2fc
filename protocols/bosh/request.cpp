#include "bosh/request.hpp"

#include <limits>
#include <utility>

#include "bosh/namespaces.hpp"
#include "xml/parser.hpp"

namespace smfront::bosh {

namespace {

Rejection reject(Condition condition, std::string detail, std::string sid = {}) {
  return Rejection{condition, std::move(sid), std::move(detail)};
}

// Size-like caps are a policy the client can respect by sending less; anything else is a
// body no server could accept.
Condition conditionFor(xml::ErrorCode code) noexcept {
  switch (code) {
    case xml::ErrorCode::TooLarge:
    case xml::ErrorCode::TooDeep:
    case xml::ErrorCode::TooManyAttributes:
    case xml::ErrorCode::TextTooLarge:
      return Condition::PolicyViolation;
    default:
      return Condition::BadRequest;
  }
}

// Clients that omit the stanza namespace let it default to httpbind's (XEP-0206 §2 note);
// what they mean is jabber:client, and downstream code should see only that.
void normalizeNamespace(xml::Element& element) {
  if (element.ns() == kHttpBindNs) element.setNs(std::string(kClientNs));
  for (xml::Node& node : element.nodes()) {
    if (xml::Element* child = node.element()) normalizeNamespace(*child);
  }
}

std::string take(const xml::Element& root, std::string_view name, std::string_view ns = {}) {
  const std::string* value = root.attr(name, ns);
  return value ? *value : std::string();
}

}  // namespace

std::optional<std::uint64_t> parseUnsigned(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

ParsedRequest parseRequest(std::string_view bytes, const RequestLimits& limits) {
  if (bytes.size() > limits.maxBodyBytes) {
    return reject(Condition::PolicyViolation, "body larger than " + std::to_string(limits.maxBodyBytes) + " bytes");
  }
  xml::Limits xmlLimits;
  xmlLimits.maxBytes = limits.maxBodyBytes;
  xmlLimits.maxDepth = limits.maxDepth;
  xml::ParseResult parsed = xml::parseDocument(bytes, xmlLimits);
  if (!parsed) return reject(conditionFor(parsed.error().code), parsed.error().message);

  xml::Element root = std::move(parsed).value();
  if (root.name() != "body" || root.ns() != kHttpBindNs) {
    return reject(Condition::BadRequest, "root is not <body/> in " + std::string(kHttpBindNs));
  }

  Request request;
  request.sid = take(root, "sid");

  const std::string* rid = root.attr("rid");
  if (rid == nullptr) return reject(Condition::BadRequest, "missing rid", request.sid);
  const std::optional<std::uint64_t> ridValue = parseUnsigned(*rid);
  if (!ridValue || *ridValue == 0 || *ridValue > kMaxRid) {
    return reject(Condition::BadRequest, "rid is not an integer in 1..2^53-1", request.sid);
  }
  request.rid = *ridValue;

  // Optional numbers: absent is fine, present must be digits.
  const std::pair<std::string_view, std::optional<std::uint64_t>*> numbers[] = {
      {"wait", &request.wait}, {"hold", &request.hold}, {"ack", &request.ack}, {"pause", &request.pause}};
  for (const auto& [name, target] : numbers) {
    const std::string* text = root.attr(name);
    if (text == nullptr) continue;
    *target = parseUnsigned(*text);
    if (!*target) return reject(Condition::BadRequest, std::string(name) + " is not an unsigned integer", request.sid);
  }

  request.to = take(root, "to");
  request.lang = take(root, "lang", xml::kXmlNamespace);
  request.ver = take(root, "ver");
  request.content = take(root, "content");
  request.route = take(root, "route");
  request.xmppVersion = take(root, "version", kXboshNs);
  request.terminate = take(root, "type") == "terminate";
  request.restart = take(root, "restart", kXboshNs) == "true";
  request.hasKey = root.attr("key") != nullptr || root.attr("newkey") != nullptr;

  // Text between stanzas (pretty-printing) is dropped; elements move out without copies.
  for (xml::Node& node : root.nodes()) {
    if (xml::Element* child = node.element()) {
      normalizeNamespace(*child);
      request.payload.push_back(std::move(*child));
    }
  }
  return request;
}

}  // namespace smfront::bosh
