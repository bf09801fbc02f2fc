#include "ccp/form_encoding.hpp"

#include <algorithm>
#include <array>

#include "ccp/validation.hpp"

namespace smfront::ccp {

namespace {

constexpr std::string_view kExtensionPrefix = "extensionField_";
constexpr std::string_view kJoinTimeOut = "chatAgentJoinTimeOut";

// Widget configuration posted alongside the chat fields; not part of the contact (spec §3.3).
constexpr std::array<std::string_view, 5> kWidgetOnly = {"chatLogo", "chatWaiting", "chatAgentJoinTimeOut",
                                                         "chatError", "contextServiceCustomFieldSets"};

int hexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool keptByUrlEncoder(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '*' || c == '_';
}

const FormField* find(const std::vector<FormField>& fields, std::string_view name) {
  const auto it =
      std::find_if(fields.begin(), fields.end(), [&](const FormField& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

std::vector<std::string> splitTags(std::string_view text) {
  std::vector<std::string> tags;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view tag = trimXmlSpace(text.substr(0, comma));
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.emplace_back(tag);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return tags;
}

void appendPair(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty()) out += '&';
  out += urlFormEncode(name);
  out += '=';
  out += urlFormEncode(value);
}

}  // namespace

std::string urlFormEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (keptByUrlEncoder(c)) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::optional<std::string> formDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hexValue(text[i + 1]);
      const int lo = hexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Parsed<std::vector<FormField>> parseFormFields(std::string_view form) {
  std::vector<FormField> fields;
  Problems problems;
  while (!form.empty()) {
    const std::size_t amp = form.find('&');
    const std::string_view piece = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view{} : form.substr(amp + 1);
    if (piece.empty()) continue;
    const std::size_t eq = piece.find('=');
    const std::string_view rawName = piece.substr(0, eq);
    const std::string_view rawValue =
        eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
    std::optional<std::string> name = formDecode(rawName);
    if (!name) {
      problems.push_back(invalidValue("body", "a form field name has an invalid percent-escape"));
      continue;
    }
    std::optional<std::string> value = formDecode(rawValue);
    if (!value) {
      problems.push_back(invalidValue(*name, *name + " has an invalid percent-escape"));
      continue;
    }
    fields.push_back({std::move(*name), std::move(*value)});
  }
  if (!problems.empty()) return problems;
  return fields;
}

Parsed<ChatFormCreate> parseChatForm(std::string_view form) {
  Parsed<std::vector<FormField>> parsed = parseFormFields(form);
  if (!parsed) return parsed.problems();
  const std::vector<FormField>& fields = *parsed;

  Problems problems;
  ChatFormCreate result;
  ContactCreate& c = result.contact;
  const auto text = [&](std::string_view name) -> std::string {
    const FormField* f = find(fields, name);
    return f == nullptr ? std::string() : f->value;
  };
  c.author = text("author");
  c.title = text("title");
  c.description = text("description");
  c.tags = splitTags(text("tags"));

  for (const FormField& f : fields) {
    if (!f.name.starts_with(kExtensionPrefix)) continue;
    std::string name = f.name.substr(kExtensionPrefix.size());
    if (name == kJoinTimeOut && !result.chatAgentJoinTimeOut) {
      if (checkText(problems, f.name, f.value, kMaxStatusDetailChars)) result.chatAgentJoinTimeOut = f.value;
    }
    if (std::find(kWidgetOnly.begin(), kWidgetOnly.end(), name) != kWidgetOnly.end()) continue;
    const bool exists = std::any_of(c.extensionFields.begin(), c.extensionFields.end(),
                                    [&](const ExtensionField& e) { return e.name == name; });
    if (!exists) c.extensionFields.push_back({std::move(name), f.value});
  }

  validateContactCreate(c, false, problems);
  if (!problems.empty()) return problems;
  return result;
}

std::string serializeChatForm(const ChatFormCreate& create) {
  const ContactCreate& c = create.contact;
  std::string out;
  appendPair(out, "title", c.title);
  appendPair(out, "author", c.author);
  if (!c.description.empty()) appendPair(out, "description", c.description);
  if (!c.tags.empty()) {
    std::string joined;
    for (const std::string& tag : c.tags) {
      if (!joined.empty()) joined += ',';
      joined += tag;
    }
    appendPair(out, "tags", joined);
  }
  for (const ExtensionField& f : c.extensionFields)
    appendPair(out, std::string(kExtensionPrefix) + f.name, f.value);
  if (create.chatAgentJoinTimeOut) {
    appendPair(out, std::string(kExtensionPrefix) + std::string(kJoinTimeOut), *create.chatAgentJoinTimeOut);
  }
  return out;
}

}  // namespace smfront::ccp
