#pragma once

#include <algorithm>
#include <chrono>
#include <thread>

namespace smfront::testing {

// Waits until pred() returns true or the deadline passes; returns the last result.
//
// Only for conditions that offer nothing to block on (a file appearing, a counter in
// another process changing). `poll` is how often the condition is re-checked, not a
// guess of how long the thing takes: the wait ends as soon as pred() holds, and the
// deadline is the point at which the test gives up and fails. Anything that has an
// event (a stdout line, a socket becoming readable, a process exiting) should wait
// on that event instead.
template <class Pred>
bool waitUntil(Pred pred, std::chrono::milliseconds deadline,
               std::chrono::milliseconds poll = std::chrono::milliseconds(10)) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (pred()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= end) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(poll, end - now));
  }
}

}  // namespace smfront::testing
