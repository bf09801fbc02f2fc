// The SocialMiner XML request and response bodies: chat events, chat message and typing,
// callback and task (create, status, renotify), feed, campaign, social contact, notification
// rule, XMPP settings, transcripts, apiErrors and reply templates. The first byte picks the parser. Where a
// writer exists, what parsed is written, and that text must parse and write back to itself.
// (Not to the first value: writers leave out fields the state makes meaningless, such as an
// estimatedWaitTime once a callback is no longer queued.)

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/api_errors.hpp"
#include "ccp/callback_task.hpp"
#include "ccp/campaign.hpp"
#include "ccp/chat_events.hpp"
#include "ccp/feed.hpp"
#include "ccp/notification_rule.hpp"
#include "ccp/reply_template.hpp"
#include "ccp/social_contact.hpp"
#include "ccp/transcript.hpp"
#include "ccp/xmpp_config.hpp"

namespace {

using namespace smfront;
using namespace smfront::ccp;

template <typename Parse, typename Serialize>
void roundTrip(std::string_view body, Parse parse, Serialize serialize) {
  const auto first = parse(body);
  if (!first) return;
  const std::string written = serialize(*first);
  const auto second = parse(written);
  if (!second || serialize(*second) != written) std::abort();
}

template <typename Parse>
void parseOnly(std::string_view body, Parse parse) {
  parse(body);
}

using Target = std::function<void(std::string_view)>;

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      [](std::string_view b) {
        roundTrip(b, parseChatEvents, [](const std::vector<ChatEvent>& e) { return serializeChatEvents(e); });
      },
      [](std::string_view b) {
        roundTrip(b, [](std::string_view body) { return parseChatMessage(body); }, serializeChatMessage);
      },
      [](std::string_view b) { roundTrip(b, parseTypingRequest, serializeTypingRequest); },
      [](std::string_view b) { roundTrip(b, parseCallbackCreate, serializeCallbackCreate); },
      [](std::string_view b) { roundTrip(b, parseTaskCreate, serializeTaskCreate); },
      [](std::string_view b) { roundTrip(b, parseCallbackStatus, serializeCallbackStatus); },
      [](std::string_view b) { roundTrip(b, parseTaskStatus, serializeTaskStatus); },
      [](std::string_view b) { roundTrip(b, parseTaskRenotify, serializeTaskRenotify); },
      [](std::string_view b) { roundTrip(b, parseFeed, serializeFeed); },
      [](std::string_view b) { parseOnly(b, parseFeedUpdate); },
      [](std::string_view b) { parseOnly(b, parseFeeds); },
      [](std::string_view b) { roundTrip(b, parseCampaign, serializeCampaign); },
      [](std::string_view b) { parseOnly(b, parseCampaignUpdate); },
      [](std::string_view b) {
        roundTrip(b, parseCampaigns, [](const std::vector<Campaign>& c) { return serializeCampaigns(c); });
      },
      [](std::string_view b) { roundTrip(b, parseContactCreate, serializeContactCreate); },
      [](std::string_view b) { roundTrip(b, parseContactUpdate, serializeContactUpdate); },
      [](std::string_view b) { roundTrip(b, parseSocialContact, serializeSocialContact); },
      [](std::string_view b) { roundTrip(b, parseNotificationRule, serializeNotificationRule); },
      [](std::string_view b) { parseOnly(b, parseNotificationRuleUpdate); },
      [](std::string_view b) { parseOnly(b, parseXmppConfigUpdate); },
      [](std::string_view b) { parseOnly(b, parseChatTranscript); },
      [](std::string_view b) { parseOnly(b, parseApiErrors); },
      [](std::string_view b) { roundTrip(b, parseReplyTemplateView, serializeReplyTemplate); },
      [](std::string_view b) {
        parseReplyTemplate(b, true);
        parseReplyTemplate(b, false);
      },
  };
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  targets()[data[0] % targets().size()](body);
  return 0;
}
