#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh) and serves the portal with its bundled sample
# content at http://127.0.0.1:8080/ (trunk serve; debug build, rebuilt on change).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# npm binaryen's wasm-opt first: Debian's wasm-opt 108 breaks release builds.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
exec trunk serve "$@"
