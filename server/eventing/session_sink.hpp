#pragma once
// Where the XMPP services send what they have to say to one client stream. The
// BOSH door implements it; unit tests record the calls.
#include <cstdint>
#include <string>
#include <utility>

namespace smfront::eventing {

/// Names one client stream (one BOSH session) to the XMPP services.
using SessionId = std::uint64_t;

class SessionSink {
 public:
  virtual ~SessionSink() = default;
  /// Queues one serialized stanza or nonza for the stream. Its top element
  /// declares its namespace (xmlns='jabber:client' for stanzas).
  virtual void send(SessionId session, std::string xml) = 0;
  /// The same for a stanza the stream can do without (a pubsub event, room
  /// history, a message between users): it is dropped, and false returned,
  /// when it would crowd out what the stream must get, so that one large item
  /// never ends a session that reads what it is sent. The sink counts the drops.
  virtual bool offer(SessionId session, std::string xml) {
    send(session, std::move(xml));
    return true;
  }
  /// Ends the stream with a <stream:error> (serialized, stream: prefix); the
  /// services have already forgotten the session when this is called.
  virtual void end(SessionId session, std::string streamError) = 0;
};

}  // namespace smfront::eventing
