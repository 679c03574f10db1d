#!/usr/bin/env bash
# Starts Debian's PostgreSQL (installing it when absent) and prints a TEST_DATABASE_URL for
# the persistence tests. Idempotent: safe to run when the server is already up.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "[ci] installing postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')

su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='wizard'\"" | grep -q 1 \
  || su postgres -c "psql -p $port -qc \"CREATE ROLE wizard LOGIN SUPERUSER PASSWORD 'wizard'\"" >&2
su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname='wizard_test'\"" | grep -q 1 \
  || su postgres -c "createdb -p $port -O wizard wizard_test" >&2

echo "postgres://wizard:wizard@127.0.0.1:$port/wizard_test"
