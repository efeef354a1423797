#!/usr/bin/env bash
# Installs the PostgreSQL server binaries the budget store's tests start (initdb, pg_ctl, postgres) when they are
# missing. Idempotent and quiet; Debian/Ubuntu (apt-get), as root or through sudo.
set -euo pipefail

have_server() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null 2>&1 && compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null 2>&1
}

if have_server; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: PostgreSQL server binaries (initdb, pg_ctl) are missing and apt-get is not available; install PostgreSQL 13 or later." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "error: installing PostgreSQL needs root." >&2
    exit 1
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "error: could not install PostgreSQL." >&2
  exit 1
fi

if ! have_server; then
  echo "error: PostgreSQL was installed but initdb/pg_ctl were not found." >&2
  exit 1
fi
