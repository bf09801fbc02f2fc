#pragma once
#include <stdexcept>

namespace smfront::net {

/// A door could not listen; the message names the door, address and port.
class BindError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace smfront::net
