#!/usr/bin/env bash
# Installs what the portal needs on a fresh Debian machine with rustup, Node 20 and npm. Each
# step is skipped when already done, so running it again costs seconds.
#
#   scripts/setup.sh serve   what serving the sample needs: the wasm target, trunk,
#                            wasm-bindgen-cli (matching Cargo.lock) and binaryen's wasm-opt (npm)
#   scripts/setup.sh test    all of that, and what the tests need: Debian's browsers, drivers,
#                            nginx with brotli, Xvfb, PostgreSQL; geckodriver; every npm package
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-test}
case "$mode" in serve|test) ;; *) echo "usage: scripts/setup.sh serve|test" >&2; exit 2 ;; esac

log() { printf '\n== setup: %s\n' "$*"; }
started=$SECONDS

if [ "$mode" = test ]; then
  # Browsers and drivers for the tests (no browser download works here), nginx with brotli for
  # the production-serving tests, Xvfb for WebKitGTK's driver, PostgreSQL for portal-counter's
  # shared store (scripts/postgres.sh starts it).
  debs=(chromium chromium-driver firefox-esr webkit2gtk-driver xvfb fonts-noto-cjk nginx
        libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static brotli postgresql)
  missing=()
  for pkg in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

log "rust target wasm32-unknown-unknown"
rustup target add wasm32-unknown-unknown >/dev/null

# cargo_tool NAME VERSION-REGEX INSTALL-ARGS...: installs when the tool is missing or at another version.
cargo_tool() {
  local bin=$1 want=$2; shift 2
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -Eq "$want"; then return; fi
  log "cargo install $*"
  cargo install "$@"
}
# trunk 0.22 needs a newer rustc than this machine's.
cargo_tool trunk ' 0\.21\.14' --locked trunk --version 0.21.14
# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly; --locked fails on the
# registry mirror. It also brings wasm-bindgen-test-runner, the browser tests' runner.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print }' Cargo.lock)
cargo_tool wasm-bindgen " ${bindgen_version//./\\.}\$" wasm-bindgen-cli --version "$bindgen_version"

if [ "$mode" = test ]; then
  cargo_tool geckodriver 'geckodriver' geckodriver
  log "npm packages (test runner, axe, binaryen's wasm-opt, webdriver, lighthouse)"
  if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
else
  # binaryen alone: its wasm-opt is what a release build runs (scripts/post-build.sh).
  if [ ! -x node_modules/.bin/wasm-opt ]; then
    log "npm binaryen (wasm-opt for release builds)"
    npm ci --omit=dev --no-audit --no-fund --loglevel=error
  fi
fi
log "done in $((SECONDS - started)) s"
