#include "ccp/notification_rule.hpp"

#include <array>
#include <limits>

#include "ccp/request_body.hpp"
#include "ccp/validation.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

constexpr std::array kTypeNames{"email", "im", "http", "cce"};
constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();

// Every field as sent: absent fields are nullopt. A create and an update read
// the same fields; only the id and the changeStamp rules differ.
struct RuleFields {
  std::optional<std::int64_t> id;
  std::optional<std::int64_t> changeStamp;
  NotificationRuleUpdate values;  // its changeStamp is left unset here
};

std::optional<std::string> trimmed(std::optional<std::string> text) {
  if (text) text = std::string(trimXmlSpace(*text));
  return text;
}

RuleFields readRule(const xml::Element& e, Problems& problems) {
  FieldReader in(e, problems);
  RuleFields f;
  f.id = in.integer("id", 0);
  NotificationRuleUpdate& v = f.values;
  v.name = trimmed(in.text("name", kMaxRuleNameChars));
  v.description = in.text("description");
  if (const auto type = in.text("type")) {
    v.type = ruleTypeFromString(trimXmlSpace(*type));
    if (!v.type && !trimXmlSpace(*type).empty()) {
      problems.push_back(invalidValue("type", "type must be email, im, http or cce"));
    }
  }
  v.campaignUrl = trimmed(in.text("campaignUrl", kMaxRuleUrlChars));
  // Counted here before the limit, so that "too many" names the container.
  v.tags = in.list("tags", "tag", kMaxRuleTags);
  v.targets = in.list("targets", "target", kMaxRuleTargets);
  v.subject = in.text("subject", kMaxRuleSubjectChars);
  v.body = in.text("body", kMaxRuleBodyChars);
  v.httpUrl = trimmed(in.text("httpUrl", kMaxRuleUrlChars));
  v.alternateHttpUrl = trimmed(in.text("alternateHttpUrl", kMaxRuleUrlChars));
  v.httpUsername = in.text("httpUsername");
  v.httpPassword = in.text("httpPassword");
  v.sslVerifyCertificates = in.boolean("sslVerifyCertificates");
  v.scriptSelector = trimmed(in.text("scriptSelector"));
  v.mediaRoutingDomainId = in.integer("mediaRoutingDomainId", 0, kInt32Max);
  f.changeStamp = in.integer("changeStamp", 0);
  return f;
}

// local@domain[/resource] with no spaces, one '@', non-empty parts.
bool looksLikeBareJid(std::string_view jid) {
  const auto at = jid.find('@');
  if (at == std::string_view::npos || at == 0 || jid.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = jid.substr(at + 1, jid.find('/', at) == std::string_view::npos ? std::string_view::npos
                                                                                    : jid.find('/', at) - at - 1);
  if (domain.empty()) return false;
  for (const char c : jid) {
    if (c == ' ' || c == '\t' || c == '"' || c == '<' || c == '>' || c == '&' || c == '\'') return false;
  }
  return true;
}

bool looksLikeAddress(std::string_view address) {
  const auto at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.find(' ') == std::string_view::npos;
}

void writeRule(xml::Writer& w, const NotificationRule& r) {
  w.open("NotificationRule");
  if (!r.alternateHttpUrl.empty()) w.leaf("alternateHttpUrl", r.alternateHttpUrl);
  if (!r.body.empty()) w.leaf("body", r.body);
  w.leaf("campaignUrl", r.campaignUrl);
  writeInteger(w, "changeStamp", r.changeStamp);
  w.leaf("description", r.description);
  if (!r.httpPassword.empty()) w.leaf("httpPassword", kMaskedPassword);
  if (!r.httpUrl.empty()) w.leaf("httpUrl", r.httpUrl);
  if (!r.httpUsername.empty()) w.leaf("httpUsername", r.httpUsername);
  if (r.id) writeInteger(w, "id", *r.id);
  if (r.mediaRoutingDomainId) writeInteger(w, "mediaRoutingDomainId", *r.mediaRoutingDomainId);
  w.leaf("name", r.name);
  if (!r.refURL.empty()) w.leaf("refURL", r.refURL);
  if (!r.scriptSelector.empty()) w.leaf("scriptSelector", r.scriptSelector);
  if (r.type == RuleType::Http) writeBoolean(w, "sslVerifyCertificates", r.sslVerifyCertificates);
  if (!r.subject.empty()) w.leaf("subject", r.subject);
  writeList(w, "tags", "tag", r.tags);
  if (r.type == RuleType::Email || r.type == RuleType::Im) writeList(w, "targets", "target", r.targets);
  w.leaf("type", toString(r.type));
  w.close();
}

}  // namespace

std::string_view toString(RuleType type) noexcept { return kTypeNames[static_cast<std::size_t>(type)]; }

std::optional<RuleType> ruleTypeFromString(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (equalsIgnoreCase(name, kTypeNames[i])) return static_cast<RuleType>(i);
  }
  return std::nullopt;
}

bool isHttpUrl(std::string_view url) noexcept {
  std::string_view rest;
  if (url.size() > 7 && equalsIgnoreCase(url.substr(0, 7), "http://")) {
    rest = url.substr(7);
  } else if (url.size() > 8 && equalsIgnoreCase(url.substr(0, 8), "https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  const auto hostEnd = rest.find_first_of("/?#");
  const auto authority = rest.substr(0, hostEnd);
  if (authority.empty() || authority.front() == ':' || authority.find('@') != std::string_view::npos) return false;
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  return true;
}

std::optional<std::string> campaignIdFromRefUrl(std::string_view refUrl) {
  while (!refUrl.empty() && refUrl.back() == '/') refUrl.remove_suffix(1);
  const auto slash = refUrl.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto id = refUrl.substr(slash + 1);
  const auto parent = refUrl.substr(0, slash);
  if (id.empty() || !parent.ends_with("/campaign")) return std::nullopt;
  return std::string(id);
}

Problems validateNotificationRule(const NotificationRule& r) {
  Problems problems;
  if (r.name.empty()) problems.push_back(fieldRequired("name"));
  if (r.campaignUrl.empty()) {
    problems.push_back(fieldRequired("campaignUrl"));
  } else if (!campaignIdFromRefUrl(r.campaignUrl)) {
    problems.push_back(invalidValue("campaignUrl", "campaignUrl must be a campaign's refURL (…/campaign/<id>)"));
  }
  if (r.tags.empty()) problems.push_back(fieldRequired("tags"));
  checkCount(problems, "tags", r.tags.size(), kMaxRuleTags);
  checkCount(problems, "targets", r.targets.size(), kMaxRuleTargets);
  switch (r.type) {
    case RuleType::Email:
    case RuleType::Im:
      if (r.targets.empty()) problems.push_back(fieldRequired("targets"));
      for (const auto& t : r.targets) {
        const bool ok = r.type == RuleType::Im ? looksLikeBareJid(t) : looksLikeAddress(t);
        if (!ok) {
          problems.push_back(invalidValue("targets", "\"" + t + "\" is not " +
                                                         (r.type == RuleType::Im ? "a JID" : "an e-mail address")));
        }
      }
      break;
    case RuleType::Http:
      if (r.httpUrl.empty()) {
        problems.push_back(fieldRequired("httpUrl"));
      } else if (!isHttpUrl(r.httpUrl)) {
        problems.push_back(invalidValue("httpUrl", "httpUrl must be an absolute http or https URL"));
      }
      if (!r.alternateHttpUrl.empty() && !isHttpUrl(r.alternateHttpUrl)) {
        problems.push_back(invalidValue("alternateHttpUrl", "alternateHttpUrl must be an absolute http or https URL"));
      }
      break;
    case RuleType::Cce:
      if (r.scriptSelector.empty()) problems.push_back(fieldRequired("scriptSelector"));
      if (!r.mediaRoutingDomainId) problems.push_back(fieldRequired("mediaRoutingDomainId"));
      break;
  }
  return problems;
}

Parsed<NotificationRule> parseNotificationRule(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "NotificationRule");
  if (!doc) return doc.problems();
  Problems problems;
  RuleFields f = readRule(*doc, problems);
  if (!f.values.type && !doc->child("type")) problems.push_back(fieldRequired("type"));
  if (!problems.empty()) return problems;
  if (!f.values.type) return Problems{fieldRequired("type")};
  NotificationRule r;  // the defaults, then what was sent
  r.id = f.id;
  applyNotificationRuleUpdate(r, f.values);
  // A new rule takes its password as sent; only an update reads the mask as "unchanged".
  if (f.values.httpPassword) r.httpPassword = *f.values.httpPassword;
  r.changeStamp = f.changeStamp.value_or(0);
  problems = validateNotificationRule(r);
  if (!problems.empty()) return problems;
  return r;
}

Parsed<NotificationRuleUpdate> parseNotificationRuleUpdate(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "NotificationRule");
  if (!doc) return doc.problems();
  Problems problems;
  RuleFields f = readRule(*doc, problems);
  if (!f.changeStamp) problems.push_back(fieldRequired("changeStamp"));
  if (!problems.empty()) return problems;
  NotificationRuleUpdate u = std::move(f.values);
  u.changeStamp = *f.changeStamp;
  return u;
}

void applyNotificationRuleUpdate(NotificationRule& r, const NotificationRuleUpdate& u) {
  if (u.name) r.name = *u.name;
  if (u.description) r.description = *u.description;
  if (u.type) r.type = *u.type;
  if (u.campaignUrl) r.campaignUrl = *u.campaignUrl;
  if (u.tags) r.tags = *u.tags;
  if (u.targets) r.targets = *u.targets;
  if (u.subject) r.subject = *u.subject;
  if (u.body) r.body = *u.body;
  if (u.httpUrl) r.httpUrl = *u.httpUrl;
  if (u.alternateHttpUrl) r.alternateHttpUrl = *u.alternateHttpUrl;
  if (u.httpUsername) r.httpUsername = *u.httpUsername;
  if (u.httpPassword && *u.httpPassword != kMaskedPassword) r.httpPassword = *u.httpPassword;
  if (u.sslVerifyCertificates) r.sslVerifyCertificates = *u.sslVerifyCertificates;
  if (u.scriptSelector) r.scriptSelector = *u.scriptSelector;
  if (u.mediaRoutingDomainId) r.mediaRoutingDomainId = u.mediaRoutingDomainId;
}

std::string serializeNotificationRule(const NotificationRule& rule) {
  xml::Writer w;
  writeRule(w, rule);
  return w.take();
}

std::string serializeNotificationRules(std::span<const NotificationRule> rules) {
  xml::Writer w;
  w.open("NotificationRules");
  for (const auto& r : rules) writeRule(w, r);
  w.close();
  return w.take();
}

std::string notificationPayload(std::string_view socialContactXml, std::string_view tag, std::string_view screenPopUrl) {
  constexpr std::string_view kClose = "</SocialContact>";
  const auto end = socialContactXml.rfind(kClose);
  xml::Writer w;
  w.leaf("notificationTag", tag);
  w.leaf("screenPopUrl", screenPopUrl);
  std::string out(socialContactXml.substr(0, end));
  out += w.take();
  out += end == std::string_view::npos ? std::string_view{} : socialContactXml.substr(end);
  return out;
}

}  // namespace smfront::ccp
