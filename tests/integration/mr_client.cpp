#include "mr_client.hpp"

#include "server_fixture.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace smfront::testing {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string textBetween(const std::string& text, const std::string& open, const std::string& close) {
  const auto a = text.find(open);
  if (a == std::string::npos) return {};
  const auto b = text.find(close, a + open.size());
  return text.substr(a + open.size(), b - a - open.size());
}

std::string idOf(const std::string& path) { return path.substr(path.rfind('/') + 1); }

json::object mrConfig(json::object mr, json::object more) {
  json::object config{{"routing", "mr"},
                      {"mr", std::move(mr)},
                      {"feeds", json::array{json::object{{"name", "Callbacks"}, {"type", "callback"}},
                                            json::object{{"name", "Tasks"}, {"type", "task"}}}},
                      {"users", adminUsers()}};
  for (auto& [key, value] : more) config[key] = std::move(value);
  return config;
}

Simulator::Simulator(int mrPort, std::vector<std::string> args) {
  std::vector<std::string> all{"--app", "127.0.0.1:" + std::to_string(mrPort), "--reconnect", "100ms"};
  all.insert(all.end(), args.begin(), args.end());
  process_ = std::make_unique<SmfrontProcess>(SmfrontOptions{.extraArgs = all, .binary = mrpgSimBinary()});
  process_->spawn();
}

bool Simulator::readOne(std::chrono::milliseconds left) {
  auto line = process_->readStdoutLine(left);
  if (!line) return false;
  lines_.push_back(json::parse(*line).as_object());
  return true;
}

bool Simulator::waitForOpened() {
  return waitFor([](const json::object& o) { return o.contains("event") && o.at("event") == "opened"; });
}

bool Simulator::waitForCount(const std::string& dir, const std::string& type, std::size_t n,
                             std::chrono::milliseconds deadline) {
  if (count(dir, type) >= n) return true;
  return waitFor([&](const json::object&) { return count(dir, type) >= n; }, deadline);
}

std::size_t Simulator::count(const std::string& dir, const std::string& type) const {
  std::size_t n = 0;
  for (const auto& o : lines_) n += is(o, dir, type) ? 1 : 0;
  return n;
}

std::vector<std::string> Simulator::newTaskContacts() const {
  std::vector<std::string> out;
  for (const auto& o : lines_) {
    if (is(o, "in", "NEW_TASK") && o.contains("contact")) out.emplace_back(o.at("contact").as_string());
  }
  return out;
}

bool Simulator::is(const json::object& o, const std::string& dir, const std::string& type) {
  return o.contains("dir") && o.at("dir") == json::string_view(dir) && o.contains("type") &&
         o.at("type") == json::string_view(type);
}

HttpResponse Api::call(const std::string& method, const std::string& target, const std::string& body,
                       HeaderList headers) {
  HttpClient client;
  EXPECT_TRUE(client.connect(port_, 5s).ok);
  if (!body.empty()) headers.emplace_back("Content-Type", "application/xml");
  return client.request(method, target, headers, body).value_or(HttpResponse{});
}

std::string Api::callback(const std::string& name) {
  auto r = call("POST", "/ccp/rest/callback/feed/100000",
                "<Contact><name>" + name + "</name><title>Call me</title><mediaAddress>5551234</mediaAddress>"
                "<variables><variable><name>cv_1</name><value>gold</value></variable>"
                "<variable><name>user_account</name><value>42</value></variable></variables></Contact>");
  EXPECT_EQ(r.status, 201) << r.describe();
  const auto location = r.header("location").value_or("");
  return location.substr(location.find("/ccp/"));
}

std::string Api::task(const std::string& selector) {
  auto r = call("GET", "/ccp/task/feed/100001?name=Pat&title=Review&scriptSelector=" + selector);
  EXPECT_EQ(r.status, 201) << r.describe();
  const auto location = r.header("location").value_or("");
  return location.substr(location.find("/ccp/"));
}

std::string Api::field(const std::string& path, const std::string& name) {
  return textBetween(call("GET", path).body, "<" + name + ">", "</" + name + ">");
}

std::string Api::contact(const std::string& path) {
  return call("GET", "/ccp-webapp/ccp/socialcontact/" + idOf(path), {},
              {{"Authorization", "Basic YWRtaW46c2VjcmV0"}})  // admin:secret
      .body;
}

json::object Api::mrStatus() { return json::parse(call("GET", "/ccp/status").body).at("mr").as_object(); }

}  // namespace smfront::testing
