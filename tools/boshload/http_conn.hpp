#pragma once

// One keep-alive HTTP/1.1 client connection carrying one request at a time (no pipelining),
// enough for BOSH bodies and small REST calls: Content-Length bodies only, which is what
// both smfront and Prosody send. A connection the server closed while idle is reopened for
// the next request; a request that fails on a reused connection before any answer byte
// arrived is sent once more on a fresh one, as browsers do.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace boshload {

struct HttpAnswer {
  bool ok = false;      ///< an answer arrived (any status)
  int status = 0;
  std::string body;
  std::string location; ///< Location header, when present
  std::string error;    ///< why there is no answer
};

class HttpConn : public std::enable_shared_from_this<HttpConn> {
 public:
  using Done = std::function<void(HttpAnswer&&)>;

  /// @p source, when not unspecified, is the local address the connection binds to: many
  /// clients on one machine are many loopback addresses (127.0.0.2, ...), as servers limit
  /// the connections of one address.
  HttpConn(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server,
           boost::asio::ip::address source = {});

  bool busy() const noexcept { return busy_; }

  /// @brief Sends a whole request (head without the Content-Length line, which is added, and
  /// body) and calls @p done once with the answer or the failure.
  void request(std::string head, std::string body, Done done);

  void close();

 private:
  void start(bool retried);
  void write();
  void read();
  void onBytes(std::size_t n);
  bool tryParse();
  void finish(HttpAnswer&& answer);
  void failed(const std::string& what);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::tcp::endpoint server_;
  boost::asio::ip::address source_;
  bool connected_ = false;
  bool busy_ = false;
  bool retried_ = false;
  bool gotBytes_ = false;
  bool reused_ = false;
  std::string out_;
  std::string in_;
  std::vector<char> chunk_;
  Done done_;
};

/// @brief "HOST:PORT" and path of an http:// URL; throws std::invalid_argument otherwise.
struct Url {
  std::string host;
  unsigned short port = 80;
  std::string path;
};
Url parseUrl(const std::string& url);

}  // namespace boshload
