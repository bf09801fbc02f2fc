#include "core/records.hpp"

#include <gtest/gtest.h>

namespace smfront::core::records {
namespace {

TEST(Records, ContactsRoundTripWithTheirHistory) {
  Contact c;
  c.id = "0123456789ABCDEF0123456789ABCDEF";
  c.sourceType = SourceType::Callback;
  c.feedId = 100002;
  c.author = "Pat \"the customer\"";
  c.title = "Café <billing>";
  c.tags = {"vip", "web"};
  c.extensionFields = {{"h_chatRoom", "room@x"}, {"lang", "fr"}};
  c.status = ContactStatus::Reserved;
  c.statusReason = "externally_routed";
  c.statusUserId = "mary";
  c.statusTimestamp = 1764000000123;
  c.createdDate = 1764000000000;
  c.publishedDate = 1764000000001;
  c.changeStamp = 3;
  c.statusHistory = {{ContactStatus::Unread, "unknown", "", 1}, {ContactStatus::Reserved, "externally_routed", "mary", 2}};
  const Contact back = decodeContact(encode(c));
  EXPECT_EQ(encode(back), encode(c));
  EXPECT_EQ(back.title, c.title);
  EXPECT_EQ(back.statusHistory.size(), 2u);
  EXPECT_EQ(back.statusHistory[1].userId, "mary");
}

TEST(Records, FeedsCampaignsChatsRequestsAndAssignmentsRoundTrip) {
  Feed f;
  f.id = 100001;
  f.name = "Callbacks";
  f.type = FeedType::Callback;
  f.tags = {"cb"};
  f.chatJoinTimeoutS = 30;
  f.mrRouting = true;
  EXPECT_EQ(encode(decodeFeed(encode(f))), encode(f));

  Campaign k;
  k.publicId = "Lab";
  k.name = "Lab";
  k.feedIds = {100000, 100001};
  k.filters = {"vip"};
  EXPECT_EQ(encode(decodeCampaign(encode(k))), encode(k));

  ChatRecord chat;
  chat.contactId = "C";
  chat.sessionId = "s";
  chat.participants = {{"mary", "Mary"}};
  chat.inRoom = {{"Mary", "mary"}};
  chat.everJoined = true;
  chat.nextEventId = 7;
  EXPECT_EQ(encode(decodeChat(encode(chat))), encode(chat));

  RequestRecord r;
  r.request.type = SourceType::Task;
  r.request.callVariables[0] = "one";
  r.request.callVariables[9] = "ten";
  r.request.eccVariables = {{"user.x", "y"}};
  r.cancelled = true;
  const RequestRecord back = decodeRequest(encode(r));
  EXPECT_EQ(encode(back), encode(r));
  EXPECT_EQ(back.request.callVariables[9], "ten");
  EXPECT_FALSE(back.request.callVariables[1]);

  AssignmentRecord a{"mary", "20400_1_1", 1};
  EXPECT_EQ(encode(decodeAssignment(encode(a))), encode(a));
  EXPECT_EQ(decodeCounter(encodeCounter(100005)), 100005);
}

TEST(Records, MissingMembersTakeTheirDefaultsAndUnknownOnesAreIgnored) {
  const ChatRecord chat = decodeChat(R"({"contactId":"C","someday":"new member"})");
  EXPECT_EQ(chat.contactId, "C");
  EXPECT_TRUE(chat.live);
  EXPECT_EQ(chat.nextEventId, 1);
  EXPECT_EQ(chat.inactivityTimeoutMs, 300000);
}

TEST(Records, DamagedRecordsAreRefusedNotGuessed) {
  EXPECT_THROW(decodeContact("not json"), std::runtime_error);
  EXPECT_THROW(decodeContact(R"({"id":"A","sourceType":"fax","status":"unread"})"), std::runtime_error);
  EXPECT_THROW(decodeCounter(R"("x")"), std::exception);
}

// Written byte for byte as before the records were derived from descriptions,
// so that stores written earlier read back unchanged.
TEST(Records, TheWrittenFormIsStable) {
  Feed f;
  f.id = 3;
  f.type = FeedType::Task;
  f.tags = {"a"};
  EXPECT_EQ(encode(f),
            R"({"id":3,"name":"","description":"","type":12,"status":1,"tags":["a"],"replyTemplateRefURL":"",)"
            R"("pollingInterval":0,"minAge":0,"chatJoinTimeoutS":60,"chatInactivityTimeoutS":300,"mrRouting":false,)"
            R"("changeStamp":0})");
  RequestRecord r;
  r.request.type = SourceType::Task;
  r.request.callVariables[3] = "v3";
  r.request.eccVariables = {{"e", "f"}};
  r.cancelled = true;
  EXPECT_EQ(encode(r),
            R"({"type":"task","feedId":0,"name":"","title":"","description":"","tags":[],"mediaAddress":"",)"
            R"("scriptSelector":"","customerUID":"","requeueOnRecovery":false,"mediaType":"","podRefURL":"",)"
            R"("callVariables":[[3,"v3"]],"eccVariables":[["e","f"]],"extensionFields":[],"cancelled":true})");
}

// NewRequest is the one record whose description no compile-time check counts.
TEST(Records, EveryMemberOfARequestSurvivesTheStore) {
  RequestRecord r;
  NewRequest& n = r.request;
  n.type = SourceType::Task;
  n.feedId = 7;
  n.name = "Pat";
  n.title = "t";
  n.description = "d";
  n.tags = {"x"};
  n.mediaAddress = "5551234";
  n.scriptSelector = "s";
  n.customerUID = "u";
  n.requeueOnRecovery = true;
  n.mediaType = "m";
  n.podRefURL = "https://pod";
  n.callVariables[9] = "nine";
  n.eccVariables = {{"user.a", "1"}};
  n.extensionFields = {{"k", "v"}};
  const NewRequest back = decodeRequest(encode(r)).request;
  EXPECT_EQ(back.type, n.type);
  EXPECT_EQ(back.feedId, n.feedId);
  EXPECT_EQ(back.name, n.name);
  EXPECT_EQ(back.title, n.title);
  EXPECT_EQ(back.description, n.description);
  EXPECT_EQ(back.tags, n.tags);
  EXPECT_EQ(back.mediaAddress, n.mediaAddress);
  EXPECT_EQ(back.scriptSelector, n.scriptSelector);
  EXPECT_EQ(back.customerUID, n.customerUID);
  EXPECT_EQ(back.requeueOnRecovery, n.requeueOnRecovery);
  EXPECT_EQ(back.mediaType, n.mediaType);
  EXPECT_EQ(back.podRefURL, n.podRefURL);
  EXPECT_EQ(back.callVariables, n.callVariables);
  ASSERT_EQ(back.eccVariables.size(), 1u);
  EXPECT_EQ(back.eccVariables[0].value, "1");
  ASSERT_EQ(back.extensionFields.size(), 1u);
  EXPECT_EQ(back.extensionFields[0].name, "k");
}

TEST(Records, OutboxEntriesCarryTheirContactAndOlderOnesWithItsTextAreRead) {
  OutboxEntry e;
  e.seq = 4;
  e.channel = NotifyChannel::Http;
  e.contact.id = "C1";
  e.contact.status = ContactStatus::Queued;
  EXPECT_EQ(decodeOutboxEntry(encode(e)).contact.id, "C1");
  const auto older = decodeOutboxEntry(R"({"seq":4,"channel":"http","contact":"{\"id\":\"C2\",\"status\":\"queued\"}"})");
  EXPECT_EQ(older.seq, 4);
  EXPECT_EQ(older.channel, NotifyChannel::Http);
  EXPECT_EQ(older.contact.id, "C2");
  EXPECT_EQ(older.contact.status, ContactStatus::Queued);
}

TEST(Records, ChildKeysSortByNumberAndNameTheirOwner) {
  EXPECT_LT(childKey("C", 9), childKey("C", 10));
  EXPECT_EQ(ownerOf(childKey("ABC", 12)), "ABC");
  EXPECT_EQ(ownerOf(padded(12)), "") << "a numbered row has no owner part";
  EXPECT_LT(padded(99), padded(100));
}

TEST(Records, ChatEventRowsCarryTheirChat) {
  ChatEvent e;
  e.id = 7;
  e.kind = ChatEvent::Kind::Message;
  e.from = "Pat";
  e.value = "Hello <there> & \"you\"";
  e.byCustomer = true;
  e.timeMs = 1234;
  const auto row = decodeChatEventRow(encode(ChatEventRow{"C42", e}));
  EXPECT_EQ(row.contactId, "C42");
  EXPECT_EQ(row.event.id, 7);
  EXPECT_EQ(row.event.kind, ChatEvent::Kind::Message);
  EXPECT_EQ(row.event.from, "Pat");
  EXPECT_EQ(row.event.value, e.value);
  EXPECT_TRUE(row.event.byCustomer);
  EXPECT_EQ(row.event.timeMs, 1234);
}

}  // namespace
}  // namespace smfront::core::records
