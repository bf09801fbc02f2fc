#pragma once
// What a core operation answers: its value, or a Refusal saying why not. The API
// layer turns a Refusal into an HTTP status and an apiErrors body; other doors
// into their own errors.
#include <string>
#include <utility>
#include <variant>

namespace smfront::core {

struct Refusal {
  enum class Kind {
    NotFound,       // no such feed, contact, session
    FieldRequired,  // a required value is missing
    OutOfRange,     // too long, too many, out of bounds
    InvalidValue,   // wrong type, wrong kind of feed, malformed
    ChangeStamp,    // stale optimistic-locking value
    Reserved,       // the contact is held by another user
    Transition,     // the status machine forbids this change
    ChatEnded,      // the chat is over
    Forbidden,      // the user's role does not allow it
    Precondition,   // the thing is not in the state the operation needs
    TooMany,        // this client or chat asked for more than a limit allows
    Busy,           // the server holds as much of this as a limit allows
  };
  Kind kind = Kind::InvalidValue;
  std::string field;    // what it is about, e.g. "feedRefURL"
  std::string message;  // English, for people
  int retryAfterS = 0;  // TooMany, Busy: when trying again may succeed; 0 = waiting will not help
};

struct Done {};

template <class T>
class Outcome {
 public:
  /// Only for plumbing that needs a default (asynchronous results); reads as refused.
  Outcome() : value_(Refusal{}) {}
  Outcome(T value) : value_(std::move(value)) {}
  Outcome(Refusal refusal) : value_(std::move(refusal)) {}

  bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(value_); }
  const T& value() const { return std::get<0>(value_); }
  T* operator->() { return &value(); }
  const Refusal& refusal() const { return std::get<1>(value_); }

 private:
  std::variant<T, Refusal> value_;
};

}  // namespace smfront::core
