#!/usr/bin/env bash
# Makes the release archive editors and operators install instead of this repository: the
# `portal` program, the built app (dist/, precompressed), deploy/ and the docs, in
#   target/portal-<version>-<arch>-linux.tar.gz
# With it, `portal preview CONTENT --dist dist` needs no Rust, Trunk or Node.
#
#   scripts/release-archive.sh            builds the app and the program first
#   scripts/release-archive.sh --no-build packs the dist/ and target/release/portal already built
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "release-archive: unknown argument $arg" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  trunk build --release
  cargo build --release -p portal
fi
[ -f dist/index.html ] || { echo "release-archive: dist/ is missing: trunk build --release" >&2; exit 1; }
[ -x target/release/portal ] || { echo "release-archive: target/release/portal is missing: cargo build --release -p portal" >&2; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name="portal-${version}-$(uname -m)-linux"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin"
cp target/release/portal "$root/bin/portal"
cp -r dist "$root/dist"
# The content Trunk copied into dist/ is the bundled sample: kept, as what `preview` shows first.
deploy/precompress.sh "$root/dist" >/dev/null
cp -r deploy "$root/deploy"
cp -r docs "$root/docs"
cp README.md "$root/README.md"
cat > "$root/QUICKSTART.txt" <<EOF
科创资讯门户 ${version}

  bin/portal preview dist/content --dist dist     # the sample, at http://127.0.0.1:8787/
  bin/portal preview /path/to/content --dist dist # your content: drafts shown, reloaded on edit
  bin/portal sync --site site.toml --out SITE     # publish (docs/publishing.md)
  bin/portal --help
EOF
mkdir -p target
tar -C "$stage" -czf "target/$name.tar.gz" "$name"
echo "target/$name.tar.gz: $(du -h "target/$name.tar.gz" | cut -f1)"
