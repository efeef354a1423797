#!/usr/bin/env bash
# Installs Debian packages quietly and non-interactively, as root or through sudo: `.ci/apt-install.sh pkg...`.
# Tries the cached package lists first and refreshes them only when that fails. Used by the scripts that provide
# the servers and browsers the tests start (postgres.sh, chromium.sh).
set -euo pipefail

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get is not available to install: $*; install them by hand." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "error: installing $* needs root." >&2
    exit 1
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get install -y -qq --no-install-recommends "$@" >"$log" 2>&1 \
  || { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "$@"; } >>"$log" 2>&1; }; then
  cat "$log" >&2
  echo "error: could not install: $*." >&2
  exit 1
fi
