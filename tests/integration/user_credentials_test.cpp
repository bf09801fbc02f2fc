// The users' SASL verifiers survive a restart in the store: the second start
// reuses them instead of running PBKDF2 again, logins keep working, and a
// password changed in the configuration replaces the stored one.
#include <gtest/gtest.h>

#include <csignal>
#include <regex>

#include "restarts.hpp"
#include "server_fixture.hpp"
#include "xmpp/base64.hpp"
#include "xmpp/client_mechanism.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object withMary(const std::string& password) {
  json::array users = adminUsers();
  users.emplace_back(json::object{{"name", "mary"}, {"password", password}, {"roles", json::array{"agent"}}});
  // PLAIN is checked against the stored verifiers too, on the cleartext door.
  return {{"users", std::move(users)}, {"bosh", {{"allow_plain_cleartext", true}}}};
}

// The character data of the first <name> element in a BOSH body: empty for
// <name/>, nullopt when there is none.
std::optional<std::string> elementText(const std::string& body, const std::string& name) {
  const auto open = body.find("<" + name);
  if (open == std::string::npos) return std::nullopt;
  const auto end = body.find('>', open);
  if (end == std::string::npos) return std::nullopt;
  if (body[end - 1] == '/') return std::string();
  return body.substr(end + 1, body.find('<', end) - end - 1);
}

// One SASL exchange as a BOSH client does it, on a session of its own.
class BoshLogin {
 public:
  explicit BoshLogin(int port) { connected_ = client_.connect(port, 5s).ok; }

  // "success" (with the server's proof checked), "failure", or what went wrong.
  std::string run(std::string_view mechanism, const std::string& user, const std::string& password) {
    if (!connected_) return "no connection: " + client_.lastError();
    const std::string created = post("<body xmlns='http://jabber.org/protocol/httpbind' rid='" + std::to_string(rid_) +
                                     "' to='localhost' wait='10' hold='1' ver='1.6' xmlns:xmpp='urn:xmpp:xbosh' "
                                     "xmpp:version='1.0'/>");
    std::smatch m;
    if (!std::regex_search(created, m, std::regex("sid='([0-9a-f]+)'"))) return "no session: " + created;
    sid_ = m[1].str();
    auto sasl = xmpp::makeClientMechanism(mechanism, {user, password, ""});
    if (!sasl) return "unknown mechanism";
    std::string answer = send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + std::string(mechanism) +
                              "'>" + xmpp::base64Encode(sasl->initialResponse()) + "</auth>");
    // SCRAM takes one challenge, PLAIN none; a few rounds leave room for empty polls.
    for (int round = 0; round < 4; ++round) {
      if (answer.find("<failure") != std::string::npos) return "failure";
      if (const auto success = elementText(answer, "success")) {
        const auto data = xmpp::base64Decode(*success);
        return data && sasl->success(*data) ? "success" : "unverified success: " + answer;
      }
      if (const auto challenge = elementText(answer, "challenge")) {
        const auto data = xmpp::base64Decode(*challenge);
        const auto response = data ? sasl->challenge(*data) : std::nullopt;
        if (!response) return "bad challenge: " + answer;
        answer = send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + xmpp::base64Encode(*response) +
                      "</response>");
        continue;
      }
      if (answer.find("type='terminate'") != std::string::npos) return "terminated: " + answer;
      answer = send("");  // nothing yet: poll
    }
    return "no outcome: " + answer;
  }

 private:
  std::string send(const std::string& payload) {
    ++rid_;
    return post("<body xmlns='http://jabber.org/protocol/httpbind' rid='" + std::to_string(rid_) + "' sid='" + sid_ +
                "'>" + payload + "</body>");
  }

  std::string post(const std::string& body) {
    auto r = client_.request("POST", "/http-bind/", {{"Content-Type", "text/xml; charset=utf-8"}}, body, 15s);
    return r ? r->body : "no answer: " + client_.lastError();
  }

  HttpClient client_;
  bool connected_ = false;
  std::uint64_t rid_ = 1000;
  std::string sid_;
};

std::string login(Restarts& server, std::string_view mechanism, const std::string& user, const std::string& password) {
  return BoshLogin(server.port("bosh")).run(mechanism, user, password);
}

bool logged(Restarts& server, const std::string& line) {
  return server.process().stderrLog().find(line) != std::string::npos;
}

TEST(UserCredentials, ARestartReusesTheStoredVerifiersUntilThePasswordChanges) {
  Restarts server(withMary("first"));
  server.start();
  EXPECT_TRUE(logged(server, "xmpp users: 0 restored, 2 derived")) << server.process().stderrTail();
  EXPECT_EQ(login(server, "PLAIN", "mary", "first"), "success");
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  server.start();
  EXPECT_TRUE(logged(server, "xmpp users: 2 restored, 0 derived")) << server.process().stderrTail();
  EXPECT_EQ(login(server, "PLAIN", "mary", "first"), "success");
  EXPECT_EQ(login(server, "SCRAM-SHA-256", "mary", "first"), "success") << "the stored SCRAM keys prove themselves";
  EXPECT_EQ(login(server, "SCRAM-SHA-1", "mary", "first"), "success");
  EXPECT_EQ(login(server, "PLAIN", "mary", "second"), "failure");
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  server.reconfigure(withMary("second"));
  server.start();
  EXPECT_TRUE(logged(server, "xmpp users: 1 restored, 1 derived")) << server.process().stderrTail();
  EXPECT_EQ(login(server, "PLAIN", "mary", "first"), "failure");
  EXPECT_EQ(login(server, "SCRAM-SHA-256", "mary", "first"), "failure");
  EXPECT_EQ(login(server, "PLAIN", "mary", "second"), "success");
  EXPECT_EQ(login(server, "SCRAM-SHA-256", "mary", "second"), "success");
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  server.start();
  EXPECT_TRUE(logged(server, "xmpp users: 2 restored, 0 derived")) << "the new verifiers were stored too";
  EXPECT_EQ(login(server, "PLAIN", "mary", "second"), "success");
}

TEST(UserCredentials, ARemovedUsersRowIsErased) {
  Restarts server(withMary("first"));
  server.start();
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  server.reconfigure({{"users", adminUsers()}, {"bosh", {{"allow_plain_cleartext", true}}}});
  server.start();
  EXPECT_TRUE(logged(server, "xmpp users: 1 restored, 0 derived, 1 removed")) << server.process().stderrTail();
  EXPECT_EQ(login(server, "PLAIN", "mary", "first"), "failure");
  ASSERT_EQ(server.process().signalAndWait(SIGTERM, 10s), 0);

  // Back with the same password: had the row survived, she would be restored.
  server.reconfigure(withMary("first"));
  server.start();
  EXPECT_TRUE(logged(server, "xmpp users: 1 restored, 1 derived")) << server.process().stderrTail();
  EXPECT_EQ(login(server, "PLAIN", "mary", "first"), "success");
}

}  // namespace
}  // namespace smfront::testing
