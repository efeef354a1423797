#!/usr/bin/env bash
# Installs the PostgreSQL server binaries the budget store's tests start (initdb, pg_ctl, postgres) when they are
# missing. Idempotent and quiet when they are there; otherwise says what it installs first, and installs nothing with
# LLMOPS_TEST_INSTALL=0 (see apt-install.sh). Debian/Ubuntu (apt-get), as root or through sudo.
set -euo pipefail

have_server() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null 2>&1 && compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null 2>&1
}

if have_server; then
  exit 0
fi

"$(dirname "$0")/apt-install.sh" PostgreSQL "PostgreSQL budget store tests" .ci/postgres.sh postgresql

if ! have_server; then
  echo "error: PostgreSQL was installed but initdb/pg_ctl were not found." >&2
  exit 1
fi
