#!/usr/bin/env bash
# Writes name.gz (gzip -9) and name.br (brotli -q 11) beside the files of a built portal, for
# nginx's gzip_static / brotli_static (deploy/nginx/portal.conf): the best compression once, at
# deploy time, instead of a cheaper one on every request.
#
#   deploy/precompress.sh [--all] DIR        (DIR: dist/, dist-portal/ or the deployed copy)
#
# Compressed: .js .mjs .wasm .css .svg .json .txt .xml.
# Left alone unless --all: index.html and content/, which are edited after the build (the feed's
# location in index.html, the content files by the editors): a precompressed copy would go stale
# and nginx would keep serving it. nginx compresses those on the fly instead (portal.conf turns
# the *_static lookups off for them). With --all, run this again after every edit.
# Files smaller than 256 bytes are skipped (nothing to gain), and so are existing .gz/.br whose
# source is not newer, so running it twice costs nothing.
set -euo pipefail

all=0
if [ "${1:-}" = "--all" ]; then all=1; shift; fi
dir=${1:?usage: deploy/precompress.sh [--all] DIR}
[ -d "$dir" ] || { echo "precompress: no directory $dir" >&2; exit 1; }
command -v gzip >/dev/null || { echo "precompress: gzip not found" >&2; exit 1; }
have_brotli=1
command -v brotli >/dev/null || { have_brotli=0; echo "precompress: brotli not found (apt-get install brotli): writing .gz only" >&2; }

prune=()
if [ "$all" -eq 0 ]; then
  prune=( -path "$dir/content" -prune -o -path "$dir/index.html" -prune -o )
fi

count=0
while IFS= read -r -d '' file; do
  size=$(stat -c %s "$file")
  [ "$size" -ge 256 ] || continue
  if [ ! -e "$file.gz" ] || [ "$file" -nt "$file.gz" ]; then
    gzip -9 -k -f -n "$file"
    touch -r "$file" "$file.gz"
  fi
  if [ "$have_brotli" -eq 1 ] && { [ ! -e "$file.br" ] || [ "$file" -nt "$file.br" ]; }; then
    brotli -k -f -q 11 "$file"
    touch -r "$file" "$file.br"
  fi
  count=$((count + 1))
done < <(find "$dir" "${prune[@]}" -type f \
  \( -name '*.js' -o -name '*.mjs' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \
     -o -name '*.json' -o -name '*.txt' -o -name '*.xml' -o -name '*.html' \) -print0)

kinds=".gz"; [ "$have_brotli" -eq 0 ] || kinds=".gz and .br"
echo "precompress: $count files in $dir have $kinds beside them"
