#include "core/asio_timers.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace smfront::core {

TimerHandle AsioTimers::after(std::chrono::milliseconds delay, std::function<void()> task) {
  auto timer = std::make_shared<boost::asio::steady_timer>(strand_, delay);
  // `live` is read and cleared on the strand only, so a cancelled task never runs
  // even when its completion was already queued.
  auto live = std::make_shared<bool>(true);
  timer->async_wait([timer, live, task = std::move(task)](const boost::system::error_code& ec) {
    if (!ec && *live) {
      *live = false;
      task();
    }
  });
  return TimerHandle([timer, live, strand = strand_] {
    auto cancel = [timer, live] {
      *live = false;
      timer->cancel();
    };
    if (strand.running_in_this_thread()) {
      cancel();  // the usual case: domain code resets its timers on the strand
    } else {
      boost::asio::post(strand, cancel);
    }
  });
}

}  // namespace smfront::core
