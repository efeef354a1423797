#!/usr/bin/env bash
# Installs Debian's headless-capable `chromium` when no Chromium/Chrome is on PATH: the HTML eval report's tests render
# the report in it (tests/LlmOps.Guardrails.Eval.Tests/Reports). Idempotent and quiet when a browser is there; otherwise
# says what it installs first, and installs nothing with LLMOPS_TEST_INSTALL=0 (see apt-install.sh). Debian/Ubuntu
# (apt-get), as root or through sudo. The tests look for $CHROMIUM, then chromium, chromium-browser, google-chrome on PATH.
set -euo pipefail

have_browser() {
  if [ -n "${CHROMIUM:-}" ] && [ -x "${CHROMIUM}" ]; then return 0; fi
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1
}

if have_browser; then
  exit 0
fi

"$(dirname "$0")/apt-install.sh" Chromium "headless HTML report tests" .ci/chromium.sh chromium

if ! have_browser; then
  echo "error: chromium was installed but is not on PATH." >&2
  exit 1
fi
