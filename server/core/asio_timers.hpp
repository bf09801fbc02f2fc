#pragma once
// Timers on Asio's steady clock, completing on the core strand.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>

#include "core/timers.hpp"

namespace smfront::core {

class AsioTimers final : public Timers {
 public:
  explicit AsioTimers(boost::asio::strand<boost::asio::any_io_executor> strand) : strand_(std::move(strand)) {}
  TimerHandle after(std::chrono::milliseconds delay, std::function<void()> task) override;

 private:
  boost::asio::strand<boost::asio::any_io_executor> strand_;
};

}  // namespace smfront::core
