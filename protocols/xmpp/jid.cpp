#include "xmpp/jid.hpp"

#include <cstdint>

namespace smfront::xmpp {

namespace {

// Well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool hasControlOrSpace(std::string_view s) noexcept {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) return true;
  }
  return false;
}

bool validPart(std::string_view s) noexcept {
  return !s.empty() && s.size() <= Jid::kMaxPartBytes && isValidUtf8(s);
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool validDomain(std::string_view d) noexcept {
  if (!validPart(d) || hasControlOrSpace(d)) return false;
  // Empty DNS labels are never a host name.
  if (d.front() == '.' || d.back() == '.' || d.find("..") != std::string_view::npos) return false;
  return d.find_first_of("@/") == std::string_view::npos;
}

bool validResource(std::string_view r) noexcept {
  if (!validPart(r)) return false;
  for (const char ch : r) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return false;
  }
  return true;
}

std::string_view stripTrailingDot(std::string_view d) noexcept {
  if (d.size() > 1 && d.back() == '.') d.remove_suffix(1);
  return d;
}

}  // namespace

bool isValidLocalPart(std::string_view local) noexcept {
  if (!validPart(local) || hasControlOrSpace(local)) return false;
  return local.find_first_of("\"&'/:<>@") == std::string_view::npos;
}

std::optional<Jid> Jid::make(std::string_view local, std::string_view domain, std::string_view resource) {
  domain = stripTrailingDot(domain);
  if (!validDomain(domain)) return std::nullopt;
  if (!local.empty() && !isValidLocalPart(local)) return std::nullopt;
  if (!resource.empty() && !validResource(resource)) return std::nullopt;
  Jid jid;
  jid.local_ = lowerAscii(local);
  jid.domain_ = lowerAscii(domain);
  jid.resource_ = std::string(resource);
  return jid;
}

std::optional<Jid> Jid::parse(std::string_view text) {
  // RFC 7622 3.1: the resource starts at the first '/', the local part ends at the first '@'
  // before it; a resource may itself contain '@' and '/'.
  std::string_view rest = text;
  std::string_view resource;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    resource = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (resource.empty()) return std::nullopt;
  }
  std::string_view local;
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    local = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (local.empty()) return std::nullopt;
  }
  return make(local, rest, resource);
}

Jid Jid::bare() const {
  Jid jid = *this;
  jid.resource_.clear();
  return jid;
}

std::string Jid::bareString() const {
  if (local_.empty()) return domain_;
  return local_ + '@' + domain_;
}

std::string Jid::full() const {
  std::string out = bareString();
  if (!resource_.empty()) {
    out += '/';
    out += resource_;
  }
  return out;
}

std::optional<Jid> Jid::withResource(std::string_view resource) const {
  if (!validResource(resource)) return std::nullopt;
  Jid jid = *this;
  jid.resource_ = std::string(resource);
  return jid;
}

}  // namespace smfront::xmpp
