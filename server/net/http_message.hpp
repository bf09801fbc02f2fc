#pragma once
// The HTTP request and response as the rest of the server sees them: plain
// values, no Beast. The sessions in this folder convert at the edge, so the API
// layer compiles fast and its handlers are easy to test.
#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace smfront::net {

struct Header {
  std::string name;
  std::string value;
};

/// Header fields in arrival order; lookups ignore case, as HTTP requires.
class Headers {
 public:
  /// The first field with this name, or nullptr.
  const std::string* find(std::string_view name) const;
  std::string_view get(std::string_view name, std::string_view fallback = {}) const;
  void add(std::string name, std::string value) { fields_.push_back({std::move(name), std::move(value)}); }
  /// Replaces every field of this name with one.
  void set(std::string_view name, std::string value);
  void erase(std::string_view name);
  /// Room for @p count fields, so that a response built field by field grows once.
  void reserve(std::size_t count) { fields_.reserve(count); }

  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }
  std::size_t size() const { return fields_.size(); }

 private:
  std::vector<Header> fields_;
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);

/// The request-target with every query value replaced by "*", keys kept:
/// "/x?email=a%40b.c&all" -> "/x?email=*&all". Query strings carry personal data
/// (phone numbers, e-mail addresses, search terms) that a log should not keep.
std::string withQueryValuesHidden(std::string_view target);

struct Request {
  std::string_view door;  // "http", "https", ...: the listener that took it
  bool secure = false;
  std::string method;     // as sent, e.g. "GET"
  std::string target;     // the raw request-target, e.g. "/ccp/chat?eventid=3"
  Headers headers;
  std::string body;
  std::string remoteAddress;

  /// The target up to '?', still percent-encoded.
  std::string_view path() const;
  /// The target after '?', still percent-encoded; empty when absent.
  std::string_view query() const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  /// Names what answered, for metrics and logs: a route pattern, "static", ...
  /// Must point to storage that outlives the server (a literal or a route table).
  std::string_view route = "unmatched";
  /// Close the connection after this response.
  bool close = false;

  static Response text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8");
};

/// A request the door refused before it could be read whole (malformed, over a
/// limit, too slow), with what is known of it: `target` and `origin` are empty
/// when the request line or the Origin field never arrived.
struct Rejection {
  int status = 400;
  std::string_view reason{};
  std::string_view target{};
  std::string_view origin{};
};

/// The request-target and Origin field among the complete lines of a request
/// head that was not parsed (cut off, over the size limit): enough to answer a
/// browser in a way it shows, not as a network error. `fromRequestLine`: the
/// bytes start with the request line (else with the first header field).
struct HeadGlimpse {
  std::string_view target{};
  std::string_view origin{};
};
HeadGlimpse glimpseHead(std::string_view bytes, bool fromRequestLine = true);

/// What a door calls for every complete request. Exceptions become a 500.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  virtual boost::asio::awaitable<Response> handle(Request& request) = 0;

  /// The door refused a request it could not read. The connection closes after
  /// this answer. The default is plain text.
  virtual Response rejected(const Rejection& rejection);
};

}  // namespace smfront::net
