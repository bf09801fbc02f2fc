#pragma once

// The stages of a client's stream as the server sees it (RFC 6120 sections 6 and 7):
// nothing but SASL until the client has authenticated, then resource binding (and the
// session request that RFC 3921 clients still send), then stanzas. The machine says
// what each element from the client means in the current stage; the caller acts on it
// (the SASL exchange, the binding, the routing) and tells the machine when a stage is
// passed. Pure: no I/O, no clock.

#include <string>
#include <string_view>

#include "xml/element.hpp"
#include "xmpp/stream.hpp"

namespace smfront::xmpp {

enum class ServerStage {
  Authenticating,  // SASL nonzas only
  Binding,         // the bind iq (and the session iq) only
  Established,     // iq, message and presence
  Ended,           // a step ended the stream; nothing more is read
};

/// What the server does with one element from the client.
struct StreamStep {
  enum class Action {
    Sasl,       // hand it to the SASL server
    Bind,       // bind `resource` (empty: the server chooses one) and answer the iq
    Session,    // answer the session iq with an empty result
    Stanza,     // route the iq, message or presence
    EndStream,  // end the stream with `condition` and `text`
  };
  Action action = Action::EndStream;
  std::string resource{};
  StreamErrorCondition condition = StreamErrorCondition::UndefinedCondition;
  std::string_view text{};
};

class ServerStream {
 public:
  ServerStage stage() const noexcept { return stage_; }

  /// @brief What @p element means now. An EndStream step moves to Ended.
  StreamStep receive(const xml::Element& element);
  /// @brief SASL succeeded: binding comes next.
  void authenticated() noexcept;
  /// @brief A resource is bound: stanzas flow.
  void bound() noexcept;

 private:
  StreamStep end(StreamErrorCondition condition, std::string_view text);

  ServerStage stage_ = ServerStage::Authenticating;
};

}  // namespace smfront::xmpp
