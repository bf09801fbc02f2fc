#include "net/http_message.hpp"

#include <algorithm>

namespace smfront::net {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; };
           return lower(x) == lower(y);
         });
}

const std::string* Headers::find(std::string_view name) const {
  for (const auto& f : fields_) {
    if (equalsIgnoreCase(f.name, name)) return &f.value;
  }
  return nullptr;
}

std::string withQueryValuesHidden(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, question + 1));
  std::string_view query = target.substr(question + 1);
  while (true) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto equals = pair.find('=');
    out += pair.substr(0, equals);
    if (equals != std::string_view::npos) out += "=*";
    if (amp == std::string_view::npos) break;
    out += '&';
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string_view Headers::get(std::string_view name, std::string_view fallback) const {
  const auto* v = find(name);
  return v ? std::string_view(*v) : fallback;
}

void Headers::set(std::string_view name, std::string value) {
  erase(name);
  fields_.push_back({std::string(name), std::move(value)});
}

void Headers::erase(std::string_view name) {
  std::erase_if(fields_, [&](const Header& f) { return equalsIgnoreCase(f.name, name); });
}

std::string_view Request::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view Request::query() const {
  std::string_view t = target;
  const auto q = t.find('?');
  return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

Response Response::text(int status, std::string body, std::string contentType) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.add("Content-Type", std::move(contentType));  // a fresh response has none yet
  return r;
}

Response HttpHandler::rejected(const Rejection& rejection) {
  return Response::text(rejection.status, std::string(rejection.reason) + "\n");
}

HeadGlimpse glimpseHead(std::string_view bytes, bool fromRequestLine) {
  HeadGlimpse glimpse;
  bool requestLine = fromRequestLine;
  while (true) {
    const auto end = bytes.find('\n');
    if (end == std::string_view::npos) return glimpse;  // only complete lines count
    std::string_view line = bytes.substr(0, end);
    bytes.remove_prefix(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return glimpse;  // the end of the head
    if (requestLine) {
      requestLine = false;
      const auto first = line.find(' ');
      const auto last = line.rfind(' ');
      if (first != std::string_view::npos && last > first + 1) glimpse.target = line.substr(first + 1, last - first - 1);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !equalsIgnoreCase(line.substr(0, colon), "origin")) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    glimpse.origin = value;
  }
}

}  // namespace smfront::net
