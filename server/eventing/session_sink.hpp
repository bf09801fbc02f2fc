#pragma once
// Where the XMPP services send what they have to say to one client stream. The
// BOSH door implements it; unit tests record the calls.
#include <cstdint>
#include <string>

namespace smfront::eventing {

/// Names one client stream (one BOSH session) to the XMPP services.
using SessionId = std::uint64_t;

class SessionSink {
 public:
  virtual ~SessionSink() = default;
  /// Queues one serialized stanza or nonza for the stream. Its top element
  /// declares its namespace (xmlns='jabber:client' for stanzas).
  virtual void send(SessionId session, std::string xml) = 0;
  /// Ends the stream with a <stream:error> (serialized, stream: prefix); the
  /// services have already forgotten the session when this is called.
  virtual void end(SessionId session, std::string streamError) = 0;
};

}  // namespace smfront::eventing
