#!/usr/bin/env bash
# Renders the app icon (public/icons/icon.svg, drawn for the portal) as the PNGs the web app
# manifest names: 192 and 512 px. Run after changing the SVG; the PNGs are committed, so
# building the portal needs nothing of this. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../public/icons"
for size in 192 512; do
  rsvg-convert -w "$size" -h "$size" icon.svg -o "icon-$size.png"
done
echo "icons: $(ls icon-*.png | tr '\n' ' ')"
