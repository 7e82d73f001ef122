#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh) and runs every test layer:
#   1. lint: rustfmt, clippy for the native and the wasm target
#   2. native cargo test: parsing, sanitising, dates, lists, search, plus a bounded fuzz pass
#   3. browser component tests: wasm-bindgen-test in headless Chromium and Firefox
#   4. end to end: the release build (root and /portal/ sub-path) behind the shipped nginx
#      configuration, driven by Playwright in Debian's Chromium and by WebDriver in Firefox
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export GECKODRIVER=${GECKODRIVER:-$(command -v geckodriver)}

step() { printf '\n==== %s\n' "$*"; }

step "lint"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests"
cargo test
step "fuzz: bounded pass (FUZZ_CASES=${FUZZ_CASES:=4000} inputs per property)"
FUZZ_CASES=$FUZZ_CASES cargo test --test fuzz -- --nocapture

step "browser component tests: Chromium"
wasm-pack test --headless --chrome
step "browser component tests: Firefox"
wasm-pack test --headless --firefox

step "release builds"
trunk build --release
trunk build --release --public-url /portal/ --dist dist-portal

step "end to end"
bash tests/e2e/run.sh
