#!/usr/bin/env bash
# Installs a program the tests need with Debian packages, quietly and non-interactively, as root or through sudo:
#
#   .ci/apt-install.sh <program> <what needs it> <calling script> <package>...
#
# Says so first, on stderr, in one line: `installing: <package> (<what needs it>) via <calling script> (apt-get)`.
# With LLMOPS_TEST_INSTALL=0 it installs nothing: it prints the one line that names the program and the script that
# would install it, and fails. Tries the cached package lists first and refreshes them only when that fails. Used by
# the scripts that provide the servers and browsers the tests start (postgres.sh, chromium.sh).
set -euo pipefail

if [ "$#" -lt 4 ]; then
  echo "usage: $0 <program> <what needs it> <calling script> <package>..." >&2
  exit 2
fi
program="$1" purpose="$2" script="$3"
shift 3

if [ "${LLMOPS_TEST_INSTALL:-1}" = "0" ]; then
  echo "$program is not installed and LLMOPS_TEST_INSTALL=0: run $script (apt-get, as root) or unset LLMOPS_TEST_INSTALL" >&2
  exit 1
fi

echo "installing: $* ($purpose) via $script (apt-get)" >&2

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get is not available to install: $*; install $program by hand." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "error: installing $* needs root (run $script as root, or install $program by hand)." >&2
    exit 1
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
# Two test projects (or two runs of the suite) may install at once: wait for dpkg's lock instead of failing on it.
wait_for_lock=(-o DPkg::Lock::Timeout=600)
if ! { $sudo apt-get "${wait_for_lock[@]}" install -y -qq --no-install-recommends "$@" >"$log" 2>&1 \
  || { $sudo apt-get "${wait_for_lock[@]}" update -qq \
       && $sudo apt-get "${wait_for_lock[@]}" install -y -qq --no-install-recommends "$@"; } >>"$log" 2>&1; }; then
  cat "$log" >&2
  echo "error: could not install: $*." >&2
  exit 1
fi
