#include "xmpp/sasl.hpp"

#include <array>

#include "xml/writer.hpp"
#include "xmpp/base64.hpp"
#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {

namespace {

constexpr std::array<std::string_view, 11> kConditions = {
    "aborted",
    "account-disabled",
    "credentials-expired",
    "encryption-required",
    "incorrect-encoding",
    "invalid-authzid",
    "invalid-mechanism",
    "malformed-request",
    "mechanism-too-weak",
    "not-authorized",
    "temporary-auth-failure",
};

std::string payloadElement(std::string_view name, std::string_view data) {
  xml::Writer w;
  w.open(name, ns::kSasl);
  if (!data.empty()) w.text(base64Encode(data));
  w.close();
  return w.take();
}

bool isXmlSpace(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string_view toString(SaslCondition condition) noexcept {
  return kConditions[static_cast<std::size_t>(condition)];
}

std::optional<SaslCondition> saslConditionFromString(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kConditions.size(); ++i) {
    if (kConditions[i] == text) return static_cast<SaslCondition>(i);
  }
  return std::nullopt;
}

std::string saslAuthXml(std::string_view mechanism, std::optional<std::string_view> initialResponse) {
  xml::Writer w;
  w.open("auth", ns::kSasl).attr("mechanism", mechanism);
  if (initialResponse) w.text(initialResponse->empty() ? std::string("=") : base64Encode(*initialResponse));
  w.close();
  return w.take();
}

std::string saslResponseXml(std::string_view data) { return payloadElement("response", data); }

std::string saslAbortXml() { return payloadElement("abort", {}); }

std::string saslChallengeXml(std::string_view data) { return payloadElement("challenge", data); }

std::string saslSuccessXml(std::string_view data) { return payloadElement("success", data); }

std::string saslFailureXml(SaslCondition condition, std::string_view text) {
  xml::Writer w;
  w.open("failure", ns::kSasl).leaf(toString(condition));
  if (!text.empty()) w.leaf("text", text);
  w.close();
  return w.take();
}

std::optional<SaslPayload> readSaslPayload(const xml::Element& element) {
  std::string text = element.text();
  std::string_view t = text;
  while (!t.empty() && isXmlSpace(t.front())) t.remove_prefix(1);
  while (!t.empty() && isXmlSpace(t.back())) t.remove_suffix(1);
  if (t.empty()) return SaslPayload{};
  if (t == "=") return SaslPayload{true, {}};
  auto data = base64Decode(t);
  if (!data) return std::nullopt;
  return SaslPayload{true, std::move(*data)};
}

SaslFailureInfo readSaslFailure(const xml::Element& failure) {
  SaslFailureInfo info;
  for (const xml::Element& c : failure.children()) {
    if (c.name() == "text") {
      info.text = c.text();
    } else if (info.conditionName.empty()) {
      info.conditionName = c.name();
      info.condition = saslConditionFromString(c.name()).value_or(SaslCondition::NotAuthorized);
    }
  }
  return info;
}

}  // namespace smfront::xmpp
