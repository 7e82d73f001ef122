#!/usr/bin/env bash
# Sets up what serving needs (scripts/setup.sh serve) and serves the portal with its bundled
# sample content at http://127.0.0.1:8080/ (trunk serve: a debug build, rebuilt on change).
# Arguments go to trunk serve (e.g. --release, --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh serve
export PATH="$HOME/.cargo/bin:$PATH"
exec trunk serve "$@"
