#pragma once
// The core's values in SocialMiner's representations, and the core's refusals
// as HTTP answers. The only place where the two vocabularies meet.
#include <string>
#include <string_view>

#include "api/public_base_url.hpp"
#include "ccp/api_errors.hpp"
#include "ccp/campaign.hpp"
#include "ccp/chat_events.hpp"
#include "ccp/feed.hpp"
#include "ccp/social_contact.hpp"
#include "ccp/transcript.hpp"
#include "core/chat_service.hpp"
#include "core/domain.hpp"
#include "core/outcome.hpp"
#include "net/http_message.hpp"

namespace smfront::api {

net::Response xml(int status, std::string body);
/// 400 (or the status the first problem's type names) with every problem.
net::Response problems(const ccp::Problems& found);
/// The HTTP answer for a core refusal.
net::Response refused(const core::Refusal& refusal);

ccp::SocialContact toSocialContact(const core::Contact& contact, const std::string& base);
ccp::Feed toCcpFeed(const core::Feed& feed, const std::string& base);
core::Feed toCoreFeed(const ccp::Feed& feed);
ccp::Campaign toCcpCampaign(const core::Campaign& campaign, const std::string& base);
/// Feed refURLs become feed ids; the refusal names the first that is not one.
core::Outcome<core::Campaign> toCoreCampaign(const ccp::Campaign& campaign);
ccp::ChatEvent toCcpEvent(const core::ChatEvent& event);
ccp::ChatTranscript toCcpTranscript(const core::TranscriptView& view, const std::string& base);

std::string feedUrl(const std::string& base, std::int64_t feedId);
std::string contactUrl(const std::string& base, std::string_view contactId);

}  // namespace smfront::api
