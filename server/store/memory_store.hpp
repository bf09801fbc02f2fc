#pragma once
// The in-memory store: for throwaway runs (--store memory) and for tests. It keeps
// what was committed for load() but nothing survives the process.
#include <memory>

#include "core/store.hpp"

namespace smfront::store {

std::unique_ptr<core::Store> makeMemoryStore();

}  // namespace smfront::store
