# Builds for finding memory and undefined-behaviour bugs (.ci/run builds with both and
# runs the whole suite and each fuzz target under them):
#   CHAT_SANITIZE=ON  everything with AddressSanitizer and UndefinedBehaviorSanitizer; the
#                     whole test suite then runs under them.
#   CHAT_FUZZ=ON      (clang only) the libFuzzer targets of tests/fuzz, with the sanitizers;
#                     all code gets the coverage instrumentation libFuzzer steers by.
# Set before any target is defined: the flags are directory-wide on purpose, so that the
# static libraries, the programs and the tests all agree (mixing instrumented and plain
# code hides bugs on the plain side).
option(CHAT_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(CHAT_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

if(CHAT_SANITIZE OR CHAT_FUZZ)
    # Any UB report fails the run instead of scrolling past; frame pointers make the
    # reports' stacks usable without slow unwinding.
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
    # -O1 and line tables only: about half the build time of -O2 -g, with stacks that
    # still name the line (what -O1 inlines less also keeps them readable).
    if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        add_compile_options(-O1 -gline-tables-only)
    endif()
endif()

if(CHAT_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "CHAT_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()
