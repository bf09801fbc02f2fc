#pragma once
// The core speaks of "where work runs" without naming Asio: the server wraps a
// strand in an Executor, unit tests wrap a plain queue they drain by hand.
#include <functional>

namespace smfront::core {

using Task = std::function<void()>;

/// Schedules a task to run later, never inline. Tasks posted to one Executor run
/// one at a time and in posting order.
using Executor = std::function<void(Task)>;

}  // namespace smfront::core
