# Finds Mote's C API for a CMake project: the imported target `mote::mote`
# (the static library libmote_c_api.a, its headers wasm.h and mote.h, and
# the system libraries it needs).
#
#   set(Mote_DIR /path/to/mote/c-api/cmake)   # or -DMote_DIR=...
#   find_package(Mote REQUIRED)
#   target_link_libraries(my_host PRIVATE mote::mote)
#
# Build the library first: `cargo build --release -p mote-c-api` in the
# Mote workspace. MOTE_LIBRARY may name another build of it (a debug
# build, or one for another target).

get_filename_component(_mote_c_api "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
get_filename_component(_mote_root "${_mote_c_api}/.." ABSOLUTE)

if(NOT MOTE_LIBRARY)
  set(_mote_target_dir "$ENV{CARGO_TARGET_DIR}")
  if(NOT _mote_target_dir)
    set(_mote_target_dir "${_mote_root}/target")
  endif()
  set(MOTE_LIBRARY "${_mote_target_dir}/release/libmote_c_api.a")
endif()

if(NOT EXISTS "${MOTE_LIBRARY}")
  set(Mote_FOUND FALSE)
  set(Mote_NOT_FOUND_MESSAGE
      "${MOTE_LIBRARY} does not exist: run `cargo build --release -p mote-c-api` in ${_mote_root}, or set MOTE_LIBRARY")
  return()
endif()

if(NOT TARGET mote::mote)
  add_library(mote::mote STATIC IMPORTED)
  set(_mote_system_libs "")
  if(UNIX AND NOT APPLE)
    set(_mote_system_libs pthread dl m)
  endif()
  set_target_properties(mote::mote PROPERTIES
    IMPORTED_LOCATION "${MOTE_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${_mote_c_api}/include"
    INTERFACE_LINK_LIBRARIES "${_mote_system_libs}")
endif()
set(Mote_FOUND TRUE)
