#include "core/journal.hpp"

#include <gtest/gtest.h>

namespace smfront::core {
namespace {

std::vector<std::string> describe(const Batch& batch) {
  std::vector<std::string> out;
  for (const auto& m : batch.mutations) {
    if (const auto* put = std::get_if<Put>(&m)) {
      out.push_back("put " + put->table + "/" + put->key + "=" + put->value);
    } else {
      const auto& erase = std::get<Erase>(m);
      out.push_back("erase " + erase.table + "/" + erase.key);
    }
  }
  return out;
}

TEST(Journal, ARecordChangedTwiceIsWrittenOnceWithItsLatestValue) {
  Journal journal;
  journal.put("contact", "A", "1");
  journal.put("contact", "B", "1");
  journal.put("contact", "A", "2");
  journal.erase("contact", "B");
  EXPECT_EQ(describe(journal.take()), (std::vector<std::string>{"put contact/A=2", "erase contact/B"}));
  EXPECT_TRUE(journal.empty());
  EXPECT_TRUE(journal.take().mutations.empty());
}

TEST(Journal, ATakenBatchIsGoneSoTheNextOneHoldsOnlyNewChanges) {
  Journal journal;
  journal.put("t", "a", "refused");
  journal.put("t", "b", "refused");
  (void)journal.take();  // as a commit the store refuses
  journal.put("t", "c", "new");
  EXPECT_EQ(describe(journal.take()), (std::vector<std::string>{"put t/c=new"}));
}

TEST(Journal, TellsOnceWhenItStopsBeingEmpty) {
  Journal journal;
  int told = 0;
  journal.onFirstChange([&] { ++told; });
  journal.put("t", "a", "1");
  journal.put("t", "b", "1");
  EXPECT_EQ(told, 1);
  (void)journal.take();
  journal.erase("t", "a");
  EXPECT_EQ(told, 2);
  journal.put("t", "c", "1");
  EXPECT_EQ(told, 2) << "not empty: already told";
}

TEST(Journal, CountsEveryChange) {
  Journal journal;
  const auto start = journal.changes();
  journal.put("t", "a", "1");
  journal.put("t", "a", "2");
  journal.erase("t", "a");
  EXPECT_EQ(journal.changes(), start + 3);
}

}  // namespace
}  // namespace smfront::core
