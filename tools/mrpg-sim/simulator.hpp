#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "mr/link.hpp"
#include "options.hpp"
#include "router.hpp"

namespace smfront::mrpgsim {

namespace asio = boost::asio;

/// mrpg-sim: one PIM that connects to the application (side A, B, ... in turn), runs the
/// PG-role MR session over it and routes NEW_TASKs through the Router. Single-threaded: every
/// handler runs on the one io_context thread.
class Simulator {
 public:
  Simulator(asio::io_context& io, const Options& options);

  /// @brief Starts connecting, and listens to signals and stdin.
  void start();
  /// @brief Exit status once the io_context has run out: 0 after a clean close.
  int exitCode() const noexcept { return exitCode_; }

 private:
  struct Connection;

  mr::TimePoint now() const { return mr::Clock::now(); }
  void emit(std::string line);
  double elapsed() const;

  void connectNext();
  void scheduleAttempt(mr::TimePoint::duration wait);
  void onConnected(const std::shared_ptr<Connection>& conn);
  void startRead(const std::shared_ptr<Connection>& conn);
  void onBytes(const std::shared_ptr<Connection>& conn, std::size_t n);
  void handleEvents();
  void flush();
  void armTimer();
  void onWake();
  void applySchedule(mr::TimePoint now);
  void countMessage(mr::TimePoint now);
  void afterActivity();
  void linkDown(std::string_view reason);
  void readStdin();
  void onCommand(const std::string& line);
  void stop();
  void finish();
  std::string garbageFrame();

  asio::io_context& io_;
  Options options_;
  Router router_;
  std::mt19937_64 random_;
  mr::TimePoint started_;
  std::optional<asio::ssl::context> tlsContext_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer attemptTimer_;
  asio::steady_timer wake_;
  asio::signal_set signals_;
  std::optional<asio::posix::stream_descriptor> stdin_;
  std::string stdinBuffer_;

  std::shared_ptr<Connection> conn_;
  std::size_t nextApp_ = 0;
  std::size_t failedInRound_ = 0;
  bool routingAvailable_ = true;
  bool silenced_ = false;
  bool routingDownDone_ = false;
  bool routingUpDone_ = false;
  bool stopping_ = false;
  bool nothingToClose_ = false;
  bool finished_ = false;
  std::optional<mr::CloseReason> lastClose_;
  int exitCode_ = 1;

  // Summary counters beside the router's.
  std::uint64_t links_ = 0;
  std::uint64_t connectFailures_ = 0;
  std::uint64_t messagesIn_ = 0;
  std::uint64_t messagesOut_ = 0;
  std::uint64_t invalidIn_ = 0;
  std::uint64_t garbageOut_ = 0;
  std::uint64_t heartbeatsOut_ = 0;
};

}  // namespace smfront::mrpgsim
