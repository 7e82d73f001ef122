#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): writes the service worker of a release build. It lists
# the files of the app that this build produced (hashed names: the wasm, its glue, the
# stylesheet, the boot module, the favicon; and the icons and the manifest), names the build by
# the hash of that list, fills them into public/sw.js and writes it as sw.js, and tells the page
# to register it (<meta name="portal-sw">, read by public/boot.js).
#
# Debug builds (trunk serve) get no worker: a developer's reload must show the rebuilt app and
# the edited sample content, not a cached copy.
set -euo pipefail

staging=${TRUNK_STAGING_DIR:?run by trunk build (TRUNK_STAGING_DIR is not set)}
source_dir=${TRUNK_SOURCE_DIR:?run by trunk build (TRUNK_SOURCE_DIR is not set)}
[ "${TRUNK_PROFILE:-debug}" = release ] || exit 0

cd "$staging"
# The app's files: every hashed asset Trunk wrote (name-<8..16 hex>[_bg].ext: the pattern is
# portal_core::names::HASHED_ASSET, as deploy/nginx/portal.conf matches them), the icons and the
# manifest.
mapfile -t files < <(
  { find . -maxdepth 1 -type f -printf '%P\n' | grep -P -- '-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css|svg)$'
    find icons -type f -printf '%p\n' 2>/dev/null || true
    [ -f manifest.webmanifest ] && echo manifest.webmanifest
  } | LC_ALL=C sort
)
if ! printf '%s\n' "${files[@]}" | grep -q '_bg\.wasm$'; then
  echo "service-worker.sh: no *_bg.wasm in $staging: not a Trunk release build" >&2
  exit 1
fi

build=$(printf '%s\n' "${files[@]}" | sha256sum | cut -c1-16)
list=$(printf '"%s",' "${files[@]}")
precache="[${list%,}]"

sed -e "s|__BUILD__|$build|" -e "s|__PRECACHE__|$precache|" "$source_dir/public/sw.js" > sw.js
grep -q "^const BUILD = '$build';" sw.js && grep -q '^const PRECACHE = \["' sw.js ||
  { echo "service-worker.sh: public/sw.js has no BUILD or PRECACHE to fill in" >&2; exit 1; }

# The page registers the worker only when its build has one.
if ! grep -q 'name="portal-sw"' index.html; then
  sed -i 's|</head>|<meta name="portal-sw" content="sw.js"></head>|' index.html
fi
echo "service-worker.sh: sw.js for build $build, ${#files[@]} files precached besides the shell"
