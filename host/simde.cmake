# WAMR (built by the v8x crate under deno_core's quickjs feature) fetches simde from GitHub with
# CMake's FetchContent; this points it at Debian's libsimde-dev instead (CMAKE_TOOLCHAIN_FILE,
# set by orchestrator/host.ts and `pnpm lint:deno-core` where /usr/include/simde exists).
set(FETCHCONTENT_SOURCE_DIR_SIMDE "/usr/include" CACHE PATH "simde from Debian's libsimde-dev")
