#include "xmpp/server_stream.hpp"

#include "xmpp/bind.hpp"
#include "xmpp/namespaces.hpp"

namespace smfront::xmpp {

StreamStep ServerStream::receive(const xml::Element& element) {
  using Action = StreamStep::Action;
  switch (stage_) {
    case ServerStage::Authenticating:
      // RFC 6120 6.4.1: nothing but SASL before authentication.
      if (element.ns() != ns::kSasl) return end(StreamErrorCondition::NotAuthorized, "authenticate first");
      return {.action = Action::Sasl};
    case ServerStage::Binding:
      if (element.name() == "iq") {
        if (const auto request = readBindRequest(element)) return {.action = Action::Bind, .resource = request->resource};
        if (isSessionRequest(element)) return {.action = Action::Session};
      }
      return end(StreamErrorCondition::NotAuthorized, "bind a resource first");
    case ServerStage::Established:
      if (element.name() == "iq" || element.name() == "message" || element.name() == "presence") {
        return {.action = Action::Stanza};
      }
      return end(StreamErrorCondition::UnsupportedStanzaType, {});
    case ServerStage::Ended:
      break;
  }
  return {.action = Action::EndStream, .condition = StreamErrorCondition::UndefinedCondition};
}

void ServerStream::authenticated() noexcept {
  if (stage_ == ServerStage::Authenticating) stage_ = ServerStage::Binding;
}

void ServerStream::bound() noexcept {
  if (stage_ == ServerStage::Binding) stage_ = ServerStage::Established;
}

StreamStep ServerStream::end(StreamErrorCondition condition, std::string_view text) {
  stage_ = ServerStage::Ended;
  return {.action = StreamStep::Action::EndStream, .condition = condition, .text = text};
}

}  // namespace smfront::xmpp
