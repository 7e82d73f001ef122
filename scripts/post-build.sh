#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml) for release builds, in order:
#   1. wasm-opt -Oz on the wasm, with npm binaryen's wasm-opt (version 132, node_modules/.bin),
#      not Trunk's own: Trunk looks for its pinned version on PATH and tries to download it
#      otherwise, which fails offline, and Debian's wasm-opt 108 silently breaks the build.
#      index.html sets data-wasm-opt="0" so Trunk runs none itself.
#   2. the service worker of the build (scripts/service-worker.sh), which lists the final files.
# Debug builds (trunk serve) get neither.
set -euo pipefail

staging=${TRUNK_STAGING_DIR:?run by trunk build (TRUNK_STAGING_DIR is not set)}
source_dir=${TRUNK_SOURCE_DIR:?run by trunk build (TRUNK_SOURCE_DIR is not set)}
[ "${TRUNK_PROFILE:-debug}" = release ] || exit 0

wasm_opt="$source_dir/node_modules/.bin/wasm-opt"
if [ ! -x "$wasm_opt" ]; then
  echo "post-build.sh: $wasm_opt is missing: run scripts/setup.sh serve (npm binaryen)" >&2
  exit 1
fi
shopt -s nullglob
wasms=("$staging"/*_bg.wasm)
if [ "${#wasms[@]}" -ne 1 ]; then
  echo "post-build.sh: expected one *_bg.wasm in $staging, found ${#wasms[@]}" >&2
  exit 1
fi
wasm=${wasms[0]}
before=$(stat -c %s "$wasm")
# The features wasm-bindgen 0.2.100's output uses; wasm-opt 132 would refuse them otherwise.
# --low-memory-unused lets wasm-opt fold constant additions into load/store offsets: true of
# Rust's wasm, whose data starts at 1 MiB above the stack and which touches no address below
# 1 KiB (the stack would be a whole MiB deep first). Measured: 1,050 B brotli less
# (bench/README.md, the wasm's ledger).
"$wasm_opt" -Oz --low-memory-unused --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
echo "post-build.sh: wasm-opt -Oz: $(basename "$wasm") $before → $(stat -c %s "$wasm") bytes"

bash "$source_dir/scripts/service-worker.sh"
