#pragma once
// `smfront --export`: every stored contact, and every chat's transcript, as XML
// in the API's own representations, so that the usual SocialMiner tooling and
// the tests' parsers read it.
#include <string>

#include "core/services.hpp"

namespace smfront::api {

/// <smfrontExport><SocialContacts>SocialContact...</SocialContacts>
/// <ChatTranscripts>ChatTranscript (the admin form)...</ChatTranscripts></smfrontExport>;
/// refURLs are made with `baseUrl`. Call on the core strand, or before serving.
std::string exportXml(const core::Services& services, const std::string& baseUrl);

}  // namespace smfront::api
