// Per-session memory: the door must hold 10,000 idle sessions in well under 8 KiB each, so
// the machine's share (object plus heap) is measured here with a counting allocator.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "bosh/tests/session_fixture.hpp"

namespace {

std::atomic<long long> liveBytes{0};

// Each block carries its size in front, so that unsized deletes can be counted too.
constexpr std::size_t kHeader = alignof(std::max_align_t);

void* countedNew(std::size_t size) {
  void* raw = std::malloc(size + kHeader);
  if (raw == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(raw) = size;
  liveBytes += static_cast<long long>(size);
  return static_cast<char*>(raw) + kHeader;
}

void countedDelete(void* p) noexcept {
  if (p == nullptr) return;
  void* raw = static_cast<char*>(p) - kHeader;
  liveBytes -= static_cast<long long>(*static_cast<std::size_t*>(raw));
  std::free(raw);
}

}  // namespace

void* operator new(std::size_t size) { return countedNew(size); }
void* operator new[](std::size_t size) { return countedNew(size); }
void operator delete(void* p) noexcept { countedDelete(p); }
void operator delete[](void* p) noexcept { countedDelete(p); }
void operator delete(void* p, std::size_t) noexcept { countedDelete(p); }
void operator delete[](void* p, std::size_t) noexcept { countedDelete(p); }

namespace smfront::bosh {
namespace {

using namespace testing;

constexpr long long kBudget = 1024;  // bytes per session, object included

TEST(SessionMemory, ObjectIsSmall) {
  EXPECT_LE(sizeof(Session), 256u) << "sizeof(Session) = " << sizeof(Session);
}

TEST(SessionMemory, IdleSessionWithAHeldPollStaysWithinBudget) {
  const Request creation =
      parseOrFail(bodyText("rid='1' to='localhost' wait='60' hold='1' ver='1.6' xmpp:version='1.0'"));
  const Time t0{};
  const long long before = liveBytes.load();
  std::string sid(kTestSid);
  auto* session = new Session(std::move(*Session::create(creation, {}, std::move(sid), kFeatures, t0).session));
  // A few exchanges of a logged-in client: each request is held, answered with a stanza,
  // and replaced by the next one; the creation response leaves the replay cache.
  for (std::uint64_t rid = 2; rid < 8; ++rid) {
    const std::string body = bodyText("rid='" + std::to_string(rid) + "' sid='" + std::string(kTestSid) + "'");
    (void)session->onRequest(parseOrFail(body), rid, t0);
    (void)session->deliver("<message xmlns='jabber:client' from='pubsub.localhost' id='n1'/>", t0);
    (void)session->flush(t0);
  }
  (void)session->onRequest(parseOrFail(bodyText("rid='8' sid='" + std::string(kTestSid) + "'")), 8, t0);
  ASSERT_EQ(session->heldCount(), 1u);
  const long long used = liveBytes.load() - before;
  EXPECT_LE(used, kBudget) << "one idle session costs " << used << " bytes";
  std::cout << "[ memory   ] sizeof(Session) = " << sizeof(Session) << ", idle session with a held poll = " << used
            << " bytes\n";
  delete session;
  EXPECT_EQ(liveBytes.load(), before);
}

TEST(SessionMemory, EndedSessionKeepsNoBuffers) {
  const Request creation = parseOrFail(bodyText("rid='1' to='localhost' wait='60' hold='1'"));
  const Time t0{};
  const long long before = liveBytes.load();
  auto* session = new Session(std::move(*Session::create(creation, {}, std::string(kTestSid), kFeatures, t0).session));
  (void)session->deliver(std::string(4096, ' '), t0);
  (void)session->terminate(Condition::SystemShutdown, t0);
  (void)session->onRequest(parseOrFail(bodyText("rid='2' sid='" + std::string(kTestSid) + "'")), 2, t0);
  ASSERT_TRUE(session->finished());
  const long long used = liveBytes.load() - before;
  EXPECT_LE(used, static_cast<long long>(sizeof(Session) + 64)) << used;  // the object and the sid
  delete session;
}

}  // namespace
}  // namespace smfront::bosh
