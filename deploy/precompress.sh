#!/usr/bin/env bash
# Writes name.gz (gzip -9) and name.br (brotli -q 11) beside the files of a built portal, for
# nginx's gzip_static / brotli_static (deploy/nginx/portal.conf): the best compression once, at
# deploy time, instead of a cheaper one on every request.
#
#   deploy/precompress.sh DIR        (DIR: dist/, dist-portal/ or the deployed copy)
#
# Compressed: the build's assets, .js .mjs .wasm .css .svg, which never change under their hashed
# names. Left alone: content/ and every page, sitemap and feed at the root, which `portal build`
# and the editors rewrite after the build: a precompressed copy would go stale. nginx compresses
# those on the fly (portal.conf turns the *_static lookups off for them), so their .gz/.br
# would never be read.
# Files smaller than 256 bytes are skipped (nothing to gain), and so are existing .gz/.br whose
# source is not newer, so running it twice costs nothing.
set -euo pipefail

dir=${1:?usage: deploy/precompress.sh DIR}
[ -d "$dir" ] || { echo "precompress: no directory $dir" >&2; exit 1; }
command -v gzip >/dev/null || { echo "precompress: gzip not found" >&2; exit 1; }
have_brotli=1
command -v brotli >/dev/null || { have_brotli=0; echo "precompress: brotli not found (apt-get install brotli): writing .gz only" >&2; }

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
done < <(find "$dir" -path "$dir/content" -prune -o -type f \
  \( -name '*.js' -o -name '*.mjs' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \) -print0)

kinds=".gz"; [ "$have_brotli" -eq 0 ] || kinds=".gz and .br"
echo "precompress: $count files in $dir have $kinds beside them"
