# tst_manpages: a man page names every option its program's --help lists, so that the
# hand-written resources/man pages cannot fall behind a new flag.
#   cmake -DPROGRAM=<binary> -DMANPAGE=<roff file> -P tst_manpages.cmake
execute_process(COMMAND ${PROGRAM} --help
    OUTPUT_VARIABLE help RESULT_VARIABLE status ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --help failed (${status}): ${errors}")
endif()
file(READ ${MANPAGE} page)
string(REPLACE "\\-" "-" page "${page}") # roff writes a hyphen-minus as \-
string(REGEX MATCHALL "\n  (-[a-z], )?--[a-z][a-z-]*" options "${help}")
list(LENGTH options count)
if(count LESS 3)
    message(FATAL_ERROR "found only ${count} options in ${PROGRAM} --help:\n${help}")
endif()
set(missing)
foreach(option IN LISTS options)
    string(REGEX MATCH "--[a-z][a-z-]*" option "${option}")
    if(option STREQUAL "--help-all") # Qt's own options, not the program's
        continue()
    endif()
    string(REGEX MATCH "${option}([^a-z-]|$)" found "${page}")
    if(NOT found)
        list(APPEND missing ${option})
    endif()
endforeach()
if(missing)
    message(FATAL_ERROR "${MANPAGE} does not describe: ${missing}")
endif()
message(STATUS "${MANPAGE}: all ${count} options of ${PROGRAM} --help described")
