#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/records.hpp"
#include "core/services.hpp"
#include "store/memory_store.hpp"

namespace smfront::core {
namespace {

class RetentionTest : public ::testing::Test {
 protected:
  static ServiceOptions withAChatFeed() {
    ServiceOptions options;
    Feed feed;
    feed.name = "Web chat";
    feed.type = FeedType::Chat;
    options.seedFeeds.push_back(feed);
    return options;
  }

  ChatCreated startChat() {
    NewChat request;
    request.feedId = Catalog::kFirstFeedId;
    request.author = "Pat";
    request.title = "t";
    return services_.chats.create(request).value();
  }

  boost::asio::io_context io_;  // never run: nothing here waits
  std::unique_ptr<Store> store_ = store::makeMemoryStore();
  SystemClock clock_;
  Core core_{io_.get_executor(), *store_, clock_, 1};
  Services services_{core_, withAChatFeed()};
};

TEST_F(RetentionTest, FinishedContactsOlderThanTheCutoffGoWithTheirChats) {
  const auto finished = startChat();
  ASSERT_TRUE(services_.chats.customerLeave(finished.sessionId, true));
  const auto live = startChat();
  (void)core_.journal().take();

  EXPECT_EQ(services_.purgeFinishedBefore(clock_.nowMs() - 60'000), 0u) << "too recent";
  EXPECT_EQ(services_.purgeFinishedBefore(clock_.nowMs() + 1), 1u);
  EXPECT_EQ(services_.contacts.find(finished.contact.id), nullptr);
  EXPECT_FALSE(services_.chats.transcriptOfContact(finished.contact.id));
  EXPECT_NE(services_.contacts.find(live.contact.id), nullptr) << "a live chat stays";

  bool contactErased = false;
  for (const auto& m : core_.journal().take().mutations) {
    if (const auto* erase = std::get_if<Erase>(&m)) {
      contactErased = contactErased || (erase->table == records::kContacts && erase->key == finished.contact.id);
    }
  }
  EXPECT_TRUE(contactErased) << "the store forgets it too";
}

}  // namespace
}  // namespace smfront::core
