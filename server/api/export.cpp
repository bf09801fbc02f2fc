#include "api/export.hpp"

#include "api/representations.hpp"
#include "ccp/social_contact.hpp"
#include "ccp/transcript.hpp"
#include "xml/writer.hpp"

namespace smfront::api {

std::string exportXml(const core::Services& services, const std::string& baseUrl) {
  xml::Writer out;
  out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  out.open("smfrontExport").open("SocialContacts");
  const auto contacts = services.contacts.all();
  for (const core::Contact* contact : contacts) out.raw(ccp::serializeSocialContact(toSocialContact(*contact, baseUrl)));
  out.close().open("ChatTranscripts");
  for (const core::Contact* contact : contacts) {
    if (auto view = services.chats.transcriptOfContact(contact->id)) {
      out.raw(ccp::serializeAdminTranscript(toCcpTranscript(view.value(), baseUrl)));
    }
  }
  out.closeAll();
  return out.take();
}

}  // namespace smfront::api
