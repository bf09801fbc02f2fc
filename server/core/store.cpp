#include "core/store.hpp"

namespace smfront::core {
namespace {
class StoreCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "smfront.store"; }
  std::string message(int code) const override {
    switch (static_cast<StoreErrc>(code)) {
      case StoreErrc::unavailable: return "the store refuses writes";
      case StoreErrc::closed: return "the store is closed";
    }
    return "unknown store error";
  }
};
}  // namespace

const std::error_category& storeCategory() {
  static const StoreCategory category;
  return category;
}

std::error_code make_error_code(StoreErrc e) { return {static_cast<int>(e), storeCategory()}; }

}  // namespace smfront::core

namespace smfront::core {

const Table& tableOf(const Snapshot& snapshot, std::string_view name) {
  static const Table kEmpty;
  const auto it = snapshot.find(std::string(name));
  return it == snapshot.end() ? kEmpty : it->second;
}

}  // namespace smfront::core
