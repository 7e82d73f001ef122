#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (installed by scripts/setup.sh test) when it is down, makes
# the role and database portal-counter's tests and bench use, and prints their URL:
#
#   export PORTAL_TEST_POSTGRES=$(scripts/postgres.sh)
#
# Nothing runs in CI by itself: scripts/test.sh and bench/sections/09-counter.mjs call this.
# The role and database are for tests only (a fixed password, loopback only).
set -euo pipefail

role=portal_test
database=portal_test
password=portal_test

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR == 1 { print $1, $2, $3, $4 }')
if [ -z "$cluster" ]; then
  echo "postgres.sh: no PostgreSQL cluster: install Debian's postgresql (scripts/setup.sh test)" >&2
  exit 1
fi
read -r version name port status <<<"$cluster"
if [ "$status" != online ]; then
  pg_ctlcluster "$version" "$name" start >&2
fi
for _ in $(seq 50); do
  as_postgres psql -p "$port" -qAtc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.2
done
if ! as_postgres psql -p "$port" -qAtc "SELECT 1 FROM pg_roles WHERE rolname = '$role'" | grep -q 1; then
  as_postgres psql -p "$port" -qc "CREATE ROLE $role LOGIN PASSWORD '$password'" >&2
fi
if ! as_postgres psql -p "$port" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  as_postgres psql -p "$port" -qc "CREATE DATABASE $database OWNER $role" >&2
fi
echo "postgres://$role:$password@127.0.0.1:$port/$database"
