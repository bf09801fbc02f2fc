#include "eventing/stanzas.hpp"

#include "xml/writer.hpp"
#include "xmpp/namespaces.hpp"
#include "xmpp/stanza.hpp"

namespace smfront::eventing {

xml::Element clientElement(std::string_view name) {
  return xml::Element(std::string(name), std::string(xmpp::ns::kClient));
}

std::string wire(const xml::Element& stanza) { return xml::serialize(stanza); }

xml::Element errorReplyWith(const xml::Element& request, xmpp::StanzaErrorCondition condition, std::string_view appCondition,
                            std::string_view appNs) {
  xml::Element reply = xmpp::errorReply(request, condition);
  if (xml::Element* error = reply.child("error")) error->addChild(xml::Element(std::string(appCondition), std::string(appNs)));
  return reply;
}

}  // namespace smfront::eventing
