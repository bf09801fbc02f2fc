#include "api/representations.hpp"

#include "core/contact_status.hpp"

namespace smfront::api {

std::string feedUrl(const std::string& base, std::int64_t feedId) {
  return base + "/ccp-webapp/ccp/feed/" + std::to_string(feedId);
}

std::string contactUrl(const std::string& base, std::string_view contactId) {
  return base + "/ccp-webapp/ccp/socialcontact/" + std::string(contactId);
}

net::Response xml(int status, std::string body) {
  return net::Response::text(status, std::move(body), "application/xml; charset=utf-8");
}

net::Response problems(const ccp::Problems& found) {
  const int status = found.empty() ? 400 : ccp::httpStatusFor(found.front().errorType);
  return xml(status, ccp::serializeApiErrors(found));
}

net::Response refused(const core::Refusal& refusal) {
  using K = core::Refusal::Kind;
  std::string_view type = ccp::errorType::kInvalidValue;
  switch (refusal.kind) {
    case K::NotFound: type = ccp::errorType::kNotFound; break;
    case K::FieldRequired: type = ccp::errorType::kFieldRequired; break;
    case K::OutOfRange: type = ccp::errorType::kOutOfRange; break;
    case K::InvalidValue: type = ccp::errorType::kInvalidValue; break;
    case K::ChangeStamp: type = ccp::errorType::kChangeStamp; break;
    case K::Reserved: type = ccp::errorType::kReserved; break;
    case K::Transition: type = ccp::errorType::kTransition; break;
    case K::ChatEnded: type = ccp::errorType::kChatEnded; break;
    case K::Forbidden: type = ccp::errorType::kForbidden; break;
    case K::Precondition: type = ccp::errorType::kPreconditionFailed; break;
    case K::TooMany: type = ccp::errorType::kTooManyRequests; break;
    case K::Busy: type = ccp::errorType::kServiceUnavailable; break;
  }
  auto r = problems({ccp::ApiError{std::string(type), refusal.field, refusal.message}});
  if (refusal.retryAfterS > 0) r.headers.set("Retry-After", std::to_string(refusal.retryAfterS));
  return r;
}

ccp::SocialContact toSocialContact(const core::Contact& contact, const std::string& base) {
  ccp::SocialContact out;
  out.id = contact.id;
  out.author = contact.author;
  out.title = contact.title;
  out.description = contact.description;
  out.feedRefURL = feedUrl(base, contact.feedId);
  out.tags = contact.tags;
  for (const auto& f : contact.extensionFields) out.extensionFields.push_back({f.name, f.value});
  out.status = *ccp::parseContactStatus(core::toString(contact.status));
  out.statusReason = contact.statusReason;
  out.statusTimestamp = contact.statusTimestamp;
  out.statusUserId = contact.statusUserId;
  out.changeStamp = contact.changeStamp;
  out.createdDate = contact.createdDate;
  out.publishedDate = contact.publishedDate;
  out.refURL = contactUrl(base, contact.id);
  out.sourceType = std::string(core::toString(contact.sourceType));
  return out;
}

ccp::Feed toCcpFeed(const core::Feed& feed, const std::string& base) {
  ccp::Feed out;
  out.id = feed.id;
  out.name = feed.name;
  out.description = feed.description;
  out.type = static_cast<ccp::FeedType>(static_cast<int>(feed.type));
  out.status = feed.status;
  out.tags = feed.tags;
  out.refURL = feedUrl(base, feed.id);
  switch (feed.type) {
    case core::FeedType::Chat: out.pushFeedURL = base + "/ccp-webapp/ccp/chatfeed/" + std::to_string(feed.id); break;
    case core::FeedType::Callback: out.pushFeedURL = base + "/ccp/rest/callback/feed/" + std::to_string(feed.id); break;
    case core::FeedType::Task: out.pushFeedURL = base + "/ccp/rest/task/feed/" + std::to_string(feed.id); break;
    case core::FeedType::Push: out.pushFeedURL = base + "/ccp-webapp/ccp/socialcontact"; break;
  }
  out.replyTemplateRefURL = feed.replyTemplateRefURL;
  out.pollingInterval = feed.pollingInterval;
  out.minAge = feed.minAge;
  out.chatJoinTimeout = feed.chatJoinTimeoutS;
  out.chatInactivityTimeout = feed.chatInactivityTimeoutS;
  out.changeStamp = feed.changeStamp;
  out.mrRouting = feed.mrRouting;
  return out;
}

core::Feed toCoreFeed(const ccp::Feed& feed) {
  core::Feed out;
  out.name = feed.name;
  out.description = feed.description;
  out.type = static_cast<core::FeedType>(static_cast<int>(feed.type));
  out.status = feed.status;
  out.tags = feed.tags;
  out.replyTemplateRefURL = feed.replyTemplateRefURL;
  out.pollingInterval = feed.pollingInterval;
  out.minAge = feed.minAge;
  out.chatJoinTimeoutS = feed.chatJoinTimeout;
  out.chatInactivityTimeoutS = feed.chatInactivityTimeout;
  out.mrRouting = feed.mrRouting;
  return out;
}

ccp::Campaign toCcpCampaign(const core::Campaign& campaign, const std::string& base) {
  ccp::Campaign out;
  out.name = campaign.name;
  out.publicId = campaign.publicId;
  out.description = campaign.description;
  out.includeExpr = campaign.includeExpr;
  out.excludeExpr = campaign.excludeExpr;
  out.chatInvitationFeed = campaign.chatInvitationFeed;
  for (auto id : campaign.feedIds) out.feeds.push_back(feedUrl(base, id));
  out.filters = campaign.filters;
  out.changeStamp = campaign.changeStamp;
  const std::string self = base + "/ccp-webapp/ccp/campaign/" + campaign.publicId;
  out.refURL = self;
  out.resultsURL = self + "/results";
  out.suggestedTagsURL = self + "/suggestedtags";
  return out;
}

core::Outcome<core::Campaign> toCoreCampaign(const ccp::Campaign& campaign) {
  core::Campaign out;
  out.name = campaign.name;
  out.publicId = campaign.publicId;
  out.description = campaign.description;
  out.includeExpr = campaign.includeExpr;
  out.excludeExpr = campaign.excludeExpr;
  out.chatInvitationFeed = campaign.chatInvitationFeed;
  out.filters = campaign.filters;
  for (const auto& url : campaign.feeds) {
    const auto id = ccp::feedIdFromRefUrl(url);
    if (!id) {
      return core::Refusal{core::Refusal::Kind::InvalidValue, "feeds", "\"" + url + "\" is not a feed refURL"};
    }
    out.feedIds.push_back(*id);
  }
  return out;
}

ccp::ChatEvent toCcpEvent(const core::ChatEvent& e) {
  using K = core::ChatEvent::Kind;
  switch (e.kind) {
    case K::Message: return ccp::MessageEvent{e.id, e.from, e.value};
    case K::Presence:
      return ccp::PresenceEvent{e.id, e.from, e.value == "left" ? ccp::PresenceStatus::Left : ccp::PresenceStatus::Joined};
    case K::Typing:
      return ccp::TypingEvent{e.id, e.from, e.value == "paused" ? ccp::TypingStatus::Paused : ccp::TypingStatus::Composing};
    case K::Status: return ccp::StatusEvent{e.id, e.value, e.detail};
  }
  return ccp::StatusEvent{e.id, e.value, e.detail};
}

ccp::ChatTranscript toCcpTranscript(const core::TranscriptView& view, const std::string& base) {
  ccp::ChatTranscript out;
  out.id = view.contactId;
  out.refURL = contactUrl(base, view.contactId) + "/transcript";
  out.startDate = view.startMs;
  if (view.endMs != 0) out.endDate = view.endMs;
  for (const auto& p : view.participants) out.participants.push_back({p.agentName, p.nickName});
  for (const auto& line : view.lines) out.chats.push_back({line.timeMs, line.name, line.text});
  return out;
}

}  // namespace smfront::api
