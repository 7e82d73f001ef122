#!/usr/bin/env bash
# One command to see 浏览 go up: publishes the bundled sample with a visit counter
# (`counter = "api/"` added to a copy of content-src/site.toml) as a release, starts
# portal-counter on it (SQLite) and nginx with the shipped deploy/nginx/portal.conf in front,
# and serves it at http://127.0.0.1:${PORT:-8090}/ until Ctrl-C. Open an article, reload it
# in a private window (another reader): 浏览 goes up by one a reader, within a second.
#
# Needs what scripts/setup.sh test installs (nginx); builds the app and the binaries when
# missing. Everything it makes is in a temporary folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
port=${PORT:-8090}
counter_port=${COUNTER_PORT:-8091}

[ -f dist/index.html ] || trunk build --release
cargo build --release -q -p portal -p portal-counter
work=$(mktemp -d /tmp/portal-demo-XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The site file names the counter: a feed never can.
cp -r content-src "$work/src"
{ echo 'counter = "api/"'; cat content-src/site.toml; } >"$work/src/site.toml"
./target/release/portal import --site "$work/src/site.toml" --out "$work/content" >/dev/null
./target/release/portal build --content "$work/content" --dist dist \
  --site-url "http://127.0.0.1:$port/" --out "$work/site" >/dev/null

./target/release/portal-counter --site "$work/site" --database "$work/counts.sqlite" \
  --listen "127.0.0.1:$counter_port" --trusted-proxy 127.0.0.1 &
pids+=($!)

# The shipped server block, as the end-to-end tests run it: only listen, root, the counter's
# port and the security headers' path changed.
mkdir -p "$work/nginx"
cp deploy/nginx/security-headers.conf "$work/nginx/security-headers.conf"
sed -e "s|^\(\s*\)listen 80;|\1listen 127.0.0.1:$port;|" \
    -e "s|^\(\s*\)root [^;]*;|\1root $work/site/current;|" \
    -e "s|server 127.0.0.1:8091;|server 127.0.0.1:$counter_port;|" \
    -e "s|/etc/nginx/snippets/portal-security-headers.conf|$work/nginx/security-headers.conf|" \
    deploy/nginx/portal.conf >"$work/nginx/portal.conf"
modules=""
for m in ngx_http_brotli_filter_module ngx_http_brotli_static_module; do
  if [ -f "/usr/lib/nginx/modules/$m.so" ]; then modules+="load_module /usr/lib/nginx/modules/$m.so;"$'\n'; fi
done
[ -n "$modules" ] || sed -i '/^\s*brotli/d' "$work/nginx/portal.conf"
user=""; [ "$(id -u)" -ne 0 ] || user="user nobody nogroup;"
cat >"$work/nginx/nginx.conf" <<CONF
$modules
daemon off; $user
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp;
    fastcgi_temp_path $work/nginx/tmp; uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
    include $work/nginx/portal.conf;
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
echo "demo: the sample with a visit counter at http://127.0.0.1:$port/ (Ctrl-C stops it)"
wait -n "${pids[@]}"
