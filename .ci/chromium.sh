#!/usr/bin/env bash
# Installs Debian's headless-capable `chromium` when no Chromium/Chrome is on PATH: the HTML eval report's tests render
# the report in it (tests/LlmOps.Guardrails.Eval.Tests/Reports). Idempotent and quiet; Debian/Ubuntu (apt-get), as root
# or through sudo. The tests look for $CHROMIUM, then chromium, chromium-browser, google-chrome on PATH.
set -euo pipefail

have_browser() {
  if [ -n "${CHROMIUM:-}" ] && [ -x "${CHROMIUM}" ]; then return 0; fi
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1
}

if have_browser; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: chromium is missing and apt-get is not available; install Chromium or Chrome, or set CHROMIUM=/path/to/chrome." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
    echo "error: installing chromium needs root." >&2
    exit 1
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get install -y -qq --no-install-recommends chromium >"$log" 2>&1 \
  || { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium; } >>"$log" 2>&1; }; then
  cat "$log" >&2
  echo "error: could not install chromium." >&2
  exit 1
fi

if ! have_browser; then
  echo "error: chromium was installed but is not on PATH." >&2
  exit 1
fi
