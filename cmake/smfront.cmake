# Helpers shared by every folder: one static library per folder, one unit-test
# executable per library, all discovered by ctest with a label.

# smfront_library(<name> SOURCES ... [INCLUDE_ROOT dir] [PUBLIC libs...] [PRIVATE libs...])
# INCLUDE_ROOT is the directory whose sub-folders name the headers, e.g. protocols/
# so that code writes #include "xml/parser.hpp".
function(smfront_library name)
  cmake_parse_arguments(ARG "" "INCLUDE_ROOT" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${ARG_INCLUDE_ROOT})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
endfunction()

# smfront_test(<name> LABEL unit|integration|browser SOURCES ... LIBS ...)
function(smfront_test name)
  if(NOT SMFRONT_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gmock GTest::gtest GTest::gtest_main)
  # One name for every test executable, so that a lean build (the sanitized presets) can ask
  # for the tests without the benchmarks and tools beside them.
  if(NOT TARGET smfront_tests)
    add_custom_target(smfront_tests)
  endif()
  add_dependencies(smfront_tests ${name})
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS ${ARG_LABEL})
endfunction()
