#include "chat_client.hpp"

#include <gtest/gtest.h>

namespace smfront::testing {

namespace {
// The text of <name>...</name> inside `xml`, from `from`.
std::string elementText(const std::string& xml, const std::string& name, std::size_t from, std::size_t to) {
  const std::string open = "<" + name + ">";
  const auto start = xml.find(open, from);
  if (start == std::string::npos || start > to) return {};
  const auto end = xml.find("</" + name + ">", start);
  return xml.substr(start + open.size(), end - start - open.size());
}
}  // namespace

std::string formDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<PolledEvent> parseChatEvents(const std::string& xml) {
  std::vector<PolledEvent> out;
  for (const std::string kind : {"MessageEvent", "PresenceEvent", "TypingEvent", "StatusEvent"}) {
    std::size_t at = 0;
    while ((at = xml.find("<" + kind + ">", at)) != std::string::npos) {
      const auto end = xml.find("</" + kind + ">", at);
      PolledEvent e;
      e.kind = kind;
      e.id = std::stol(elementText(xml, "id", at, end));
      e.from = elementText(xml, "from", at, end);
      e.value = kind == "MessageEvent" ? formDecode(elementText(xml, "body", at, end)) : elementText(xml, "status", at, end);
      e.detail = elementText(xml, "detail", at, end);
      out.push_back(std::move(e));
      at = end;
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

ChatClient::ChatClient(int port, std::string origin) : origin_(std::move(origin)), port_(port) {
  const auto connected = http_.connect(port_, std::chrono::seconds(5));
  EXPECT_TRUE(connected.ok) << connected.error;
}

HttpResponse ChatClient::send(const std::string& method, const std::string& target, const std::string& body,
                              HeaderList headers) {
  if (!jar_.empty()) headers.emplace_back("Cookie", jar_.header());
  if (!origin_.empty()) headers.emplace_back("Origin", origin_);
  if (!body.empty()) headers.emplace_back("Content-Type", "application/xml");
  auto response = http_.request(method, target, headers, body, std::chrono::seconds(5));
  if (!response) {
    ADD_FAILURE() << method << " " << target << ": " << http_.lastError();
    return {};
  }
  jar_.update(*response);
  return *response;
}

HttpResponse ChatClient::start(long feedId, const std::string& author, const std::string& title) {
  return send("POST", "/ccp/chat",
              "<SocialContact><feedRefURL>http://127.0.0.1/ccp-webapp/ccp/feed/" + std::to_string(feedId) +
                  "</feedRefURL><author>" + author + "</author><title>" + title + "</title></SocialContact>");
}

HttpResponse ChatClient::poll(bool all) {
  auto r = send("GET", "/ccp/chat?eventid=" + std::to_string(lastId_) + (all ? "&all=true" : ""));
  if (r.status == 200) {
    for (auto& e : parseChatEvents(r.body)) {
      lastId_ = std::max(lastId_, e.id);
      events_.push_back(std::move(e));
    }
  }
  return r;
}

bool ChatClient::sawEvent(const std::string& kind, const std::string& value) const {
  return std::any_of(events_.begin(), events_.end(), [&](const auto& e) { return e.kind == kind && e.value == value; });
}

}  // namespace smfront::testing
