# The Debian packages, built by CPack from the install rules:
#   cpack -G DEB    (in the build directory) → chat_<version>_<arch>.deb, chatd_<version>_<arch>.deb
# One package per install COMPONENT: chat (app/, resources/) and chatd (server/,
# resources/). The maintainer scripts and conffiles list are in resources/debian/chatd/.
# .ci/packages builds them, runs lintian, installs them and runs the installed chatd.

# The version a package says it is must be the one its changelog and AppStream entry
# announce; a release that forgets one of them fails here, not in lintian or later.
function(chat_require_version file pattern)
    file(STRINGS ${file} lines REGEX "${pattern}" LIMIT_COUNT 1)
    if(NOT lines MATCHES "${pattern}" OR NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
        message(FATAL_ERROR "${file}: its newest version ('${CMAKE_MATCH_1}') is not the "
            "project's (${PROJECT_VERSION}): add an entry for ${PROJECT_VERSION}")
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
endfunction()
chat_require_version(${PROJECT_SOURCE_DIR}/resources/debian/changelog "^chat \\(([^)]+)\\)")
chat_require_version(${PROJECT_SOURCE_DIR}/resources/org.example.chat.metainfo.xml
    "<release version=\"([^\"]+)\"")

# The packaged programs are linked with full RELRO, as Debian links its own (lintian:
# hardening-no-bindnow): the dynamic relocations are resolved at start, then read-only.
foreach(program IN ITEMS chat chatd)
    target_link_options(${program} PRIVATE "LINKER:-z,relro" "LINKER:-z,now")
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chat)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT
    "Seed 9d285f10 maintainers <maintainers@users.noreply.b-seed-9d285f10.example>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://chat.example.org/") # a placeholder
# The config file and the unit are installed to absolute paths (/etc, /lib): DESTDIR
# puts them into the package's tree instead of this machine's. With DESTDIR, CPack installs
# into CPACK_INSTALL_PREFIX, so both prefixes are Debian's /usr.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Empty: each package's description below starts with its own synopsis (otherwise CPack
# puts the project's description in front of both).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL chat chatd)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # <name>_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SOURCE chat)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Libraries from the binaries (dpkg-shlibdeps); Qt's plugins are loaded at run time, so
# the ones the programs need are named by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_LIST_DIR}/ChatCPackProject.cmake)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_CHAT_PACKAGE_NAME chat)
set(CPACK_DEBIAN_CHAT_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6, cracklib-runtime")
set(CPACK_DEBIAN_CHAT_PACKAGE_SUGGESTS chatd)
set(CPACK_DEBIAN_CHAT_DESCRIPTION "desktop chat client, direct and group conversations
Chat is a native Qt chat client. A message shows at once, is kept on disk
until the server has it, and is delivered once, in order, across lost
connections and restarts. It has read receipts, typing indicators, presence,
groups, replies, edits, reactions and message search, and several windows of
one account stay in sync.
.
It talks to a chatd server (package chatd), or hosts one for others by
itself.")

set(CPACK_DEBIAN_CHATD_PACKAGE_NAME chatd)
set(CPACK_DEBIAN_CHATD_PACKAGE_DEPENDS "libqt6sql6-sqlite, cracklib-runtime")
# Qt's PostgreSQL driver, for a database several chatd share (chatd --db postgresql://).
set(CPACK_DEBIAN_CHATD_PACKAGE_RECOMMENDS "libqt6sql6-psql")
set(CPACK_DEBIAN_CHATD_DESCRIPTION "chat server daemon (REST and WebSocket)
chatd serves the chat protocol, REST and a WebSocket for live delivery, on
one port, and keeps accounts and messages in an SQLite database, or in a
PostgreSQL database. An acknowledged message survives a crash or a power
cut.
.
This package runs it as a systemd service (chatd.service) with its
configuration in /etc/chatd/chatd.conf and its database in /var/lib/chatd.
It also provides online backups (chatd backup) and account administration
(chatd user).")
set(CPACK_DEBIAN_CHATD_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/resources/debian/chatd/conffiles
    ${PROJECT_SOURCE_DIR}/resources/debian/chatd/postinst
    ${PROJECT_SOURCE_DIR}/resources/debian/chatd/prerm
    ${PROJECT_SOURCE_DIR}/resources/debian/chatd/postrm)

include(CPack)
