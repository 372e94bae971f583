# Read by cpack itself (CPACK_PROJECT_CONFIG_FILE), before it makes each package.
# Without dpkg-shlibdeps, CPack only prints a line and makes packages that depend on none
# of the libraries the binaries need: refuse instead.
if(CPACK_GENERATOR STREQUAL "DEB" AND CPACK_DEBIAN_PACKAGE_SHLIBDEPS)
    find_program(CHAT_DPKG_SHLIBDEPS dpkg-shlibdeps)
    if(NOT CHAT_DPKG_SHLIBDEPS)
        message(FATAL_ERROR "dpkg-shlibdeps is missing: install dpkg-dev "
            "(the packages' dependencies are computed from the binaries)")
    endif()
endif()
