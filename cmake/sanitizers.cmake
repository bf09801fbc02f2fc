# Build options that instrument the whole tree; each belongs in its own build directory
# (CMakePresets.json: asan, tsan, fuzz), never in build/.
#
#   SMFRONT_SANITIZE=address,undefined   ASan + UBSan, every UBSan report fatal
#   SMFRONT_SANITIZE=thread              TSan
#   SMFRONT_FUZZ=ON                      libFuzzer targets in tests/fuzz (clang only); combine
#                                        with SMFRONT_SANITIZE=address,undefined
#   SMFRONT_WARNINGS_AS_ERRORS=ON        what CI builds use

set(SMFRONT_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or thread")
option(SMFRONT_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)
option(SMFRONT_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)

if(SMFRONT_WARNINGS_AS_ERRORS)
  add_compile_options(-Werror)
endif()

if(SMFRONT_SANITIZE)
  if(SMFRONT_SANITIZE MATCHES "thread" AND SMFRONT_SANITIZE MATCHES "address")
    message(FATAL_ERROR "SMFRONT_SANITIZE: thread cannot be combined with address")
  endif()
  # Frame pointers give whole stacks in reports; no recovery makes any UBSan report fail the test
  # that triggered it instead of scrolling past in its log.
  add_compile_options(-fsanitize=${SMFRONT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${SMFRONT_SANITIZE})
  if(SMFRONT_SANITIZE MATCHES "undefined" AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # vptr checks need the RTTI of every class involved, including those of prebuilt libraries
    # (gtest, boost); function checks misfire on Asio's type-erased handlers.
    add_compile_options(-fno-sanitize=vptr,function)
  endif()
  if(SMFRONT_SANITIZE MATCHES "thread")
    # Asio's reference counts (any_io_executor's shared target, among others) drop with a
    # release decrement and, on the last one, an acquire fence. ThreadSanitizer does not model
    # standalone fences, so it reports every object freed after a copy was dropped on another
    # thread (the store's writer completing a commit) as a race. Without std::atomic Asio counts
    # with acquire-release read-modify-writes, which it does model.
    add_compile_definitions(BOOST_ASIO_DISABLE_STD_ATOMIC)
  endif()
endif()

if(SMFRONT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SMFRONT_FUZZ needs clang (cmake --preset fuzz)")
  endif()
  # Coverage feedback for every library the targets reach; only the targets link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
