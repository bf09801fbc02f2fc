#pragma once
// A cookie jar for one site, as a browser or curl keeps it: Set-Cookie answers
// store or expire a cookie, and every request sends what is stored.
#include <map>
#include <string>

#include "support/http_client.hpp"

namespace smfront::testing {

class CookieJar {
 public:
  /// Stores the cookies of a response (Max-Age=0 removes one).
  void update(const HttpResponse& response) {
    for (const auto& value : response.headerValues("set-cookie")) {
      const auto eq = value.find('=');
      if (eq == std::string::npos) continue;
      const auto end = value.find(';');
      const std::string name = value.substr(0, eq);
      const std::string content = value.substr(eq + 1, end == std::string::npos ? std::string::npos : end - eq - 1);
      if (value.find("Max-Age=0") != std::string::npos || content.empty()) {
        cookies_.erase(name);
      } else {
        cookies_[name] = content;
      }
    }
  }

  /// The Cookie header to send, empty when the jar is empty.
  std::string header() const {
    std::string out;
    for (const auto& [name, value] : cookies_) {
      if (!out.empty()) out += "; ";
      out += name + "=" + value;
    }
    return out;
  }

  std::string get(const std::string& name) const {
    const auto it = cookies_.find(name);
    return it == cookies_.end() ? std::string() : it->second;
  }
  bool empty() const { return cookies_.empty(); }

 private:
  std::map<std::string, std::string> cookies_;
};

}  // namespace smfront::testing
