#!/usr/bin/env bash
# Installs what a fresh machine lacks for bridgetax, then the project's own dependencies.
# Safe to run again: every step checks first. Needs Node.js >= 20 with npm, and Rust (cargo).
#
# Which Node does what: the orchestrator, the builds and the tests run on the Node 26 that
# `pnpm install` brings (the `node` dev dependency: pnpm scripts put node_modules/.bin first on
# PATH), so the packages that want Node >= 22 (commander, execa, vitest, pacote, @napi-rs/cli's)
# only ever run there. The Node on your PATH installs: it runs npm (pnpm 12 when missing, and the
# `node` package's preinstall, which fetches Node 26 with npm) and the install scripts of bun,
# deno, esbuild and koffi; and it is measured as a column of its own. 20 is the oldest it has
# been checked with (Node 20.20.2); older is refused below rather than failing halfway.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf 'setup: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

node_floor=20
have node || { say "Node.js >= $node_floor with npm is required first (https://nodejs.org); none is on PATH"; exit 1; }
node_version=$(node -p 'process.versions.node')
if [ "${node_version%%.*}" -lt "$node_floor" ]; then
  say "Node.js $node_version is on PATH; bridgetax needs Node.js >= $node_floor to install (https://nodejs.org)."
  say "(pnpm install then brings the Node 26 that runs the orchestrator; yours is measured as a column too.)"
  exit 1
fi
have npm || { say "npm is required beside Node.js $node_version: pnpm install runs it to fetch the project's Node 26"; exit 1; }
have cargo || { say "Rust is required first (https://rustup.rs)"; exit 1; }

if ! have pnpm || [ "$(pnpm --version | cut -d. -f1)" -lt 12 ]; then
  say "installing pnpm 12 with npm"
  npm install --global --no-fund --no-audit pnpm@12
fi

# A rustc whose sysroot has the wasm32 std: rustup's target, or Debian's rustc 1.63 with
# libstd-rust-dev-wasm32 (the orchestrator looks for the same two).
wasm_ready() {
  local rc
  for rc in rustc /usr/bin/rustc; do
    have "$rc" || [ -x "$rc" ] || continue
    [ -d "$("$rc" --print sysroot 2>/dev/null)/lib/rustlib/wasm32-unknown-unknown/lib" ] && return 0
  done
  return 1
}
if ! wasm_ready; then
  if have apt-get && [ "$(id -u)" = 0 ]; then
    say "installing Debian's rustc + libstd-rust-dev-wasm32 for the wasm32 build"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc libstd-rust-dev-wasm32 >/dev/null
  else
    say "no wasm32 target: run 'rustup target add wasm32-unknown-unknown' (or apt-get install rustc libstd-rust-dev-wasm32);"
    say "until then the wasm mechanism is skipped with that reason"
  fi
fi

# The wasm-bindgen mechanism: Debian's rustc 1.63 needs Debian's cargo beside it (the modern
# cargo cannot drive it), and the wasm-bindgen CLI must be exactly the version the crate pins.
if [ -x /usr/bin/rustc ] && [ ! -x /usr/bin/cargo ] && have apt-get && [ "$(id -u)" = 0 ]; then
  say "installing Debian's cargo for the wasm-bindgen crate (built by Debian's rustc 1.63)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cargo >/dev/null
fi
wb_version=$(sed -n 's/^wasm-bindgen *= *"=\(.*\)"/\1/p' bindings/wasm-bindgen/Cargo.toml)
wb_has() {
  local cli
  for cli in wasm-bindgen "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen"; do
    [ "$("$cli" --version 2>/dev/null)" = "wasm-bindgen $wb_version" ] && return 0
  done
  return 1
}
if ! wb_has; then
  say "installing wasm-bindgen-cli $wb_version with cargo (about 5 min on 2 cores, once)"
  cargo install wasm-bindgen-cli --version "$wb_version" --locked || \
    say "could not install wasm-bindgen-cli $wb_version: the wasm-bindgen mechanism is skipped with that reason"
fi

# Chromium for the HTML report's browser test (test/html-report.test.ts drives it with
# playwright-core; Playwright's own browser download is not used).
if ! have chromium && [ ! -x /usr/bin/chromium ]; then
  if have apt-get && [ "$(id -u)" = 0 ]; then
    say "installing Debian's chromium for the HTML report's browser test"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    say "no chromium: the HTML report's browser test will fail until it is installed"
    say "(apt-get install chromium, or set BRIDGETAX_CHROMIUM to a Chromium binary)"
  fi
fi

# The deno_core-over-QuickJS-ng host column: the v8x crate builds WAMR with CMake, whose
# FetchContent would clone simde from GitHub; Debian's libsimde-dev replaces it (host/simde.cmake).
if ! have cmake || [ ! -d /usr/include/simde ]; then
  if have apt-get && [ "$(id -u)" = 0 ]; then
    say "installing cmake and Debian's libsimde-dev for the deno_core (QuickJS-ng) host column"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake libsimde-dev >/dev/null
  else
    say "no cmake or no /usr/include/simde: the deno_core (QuickJS-ng) host column fails its build"
    say "until they are installed (apt-get install cmake libsimde-dev), or CMake can reach GitHub"
  fi
fi

say "installing the project's dependencies (pnpm install)"
if [ "${node_version%%.*}" -lt 22 ]; then
  say "pnpm will warn that some packages want Node >= 22: they run on the project's Node 26, not on your $node_version"
fi
pnpm install --frozen-lockfile
