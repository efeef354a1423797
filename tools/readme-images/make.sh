#!/usr/bin/env bash
# Regenerates the README's pictures (docs/images/*.png) from real outputs of the sample app:
#   eval-html-report.png    the eval HTML report (report.html), as Chromium renders it
#   pr-comment.png          the eval Markdown report (report.md), rendered like a GitHub pull-request comment
#   build-cost-report.png   the build's cost-report.md, rendered like a GitHub file view
#   analyzer-warning-fix.png the LLM001-LLM008 findings of the build log as an IDE error list, with the real
#                           LLM002 code fix applied in a Roslyn workspace
#
# Usage: tools/readme-images/make.sh [--no-run] [--out DIR]
#   --no-run  do not run the eval or the builds: use the outputs already on disk (or given below)
#   --out     where the PNGs go (default docs/images)
# Every input can be overridden (defaults in brackets, relative to the repository root):
#   EVAL_CONFIG        [prompts-sample/llmops.eval.yaml]
#   EVAL_BASELINE      [:/Sample baseline prompts]   git ref of the baseline prompts (eval and cost report)
#   EVAL_REPORT_MD     [<config folder>/.llmops/eval/report.md]
#   EVAL_REPORT_HTML   [<config folder>/.llmops/eval/report.html]
#   SAMPLE_PROJECT     [prompts-sample/src/TicketTriage]
#   COST_REPORT        [newest $SAMPLE_PROJECT/obj/**/llmops/cost-report.md, copied right after the build]
#   BUILD_LOG          [$WORK/analyzer-demo.log]         normal-verbosity file log of the ShowAnalyzerDemo build
#   BUILD_ITEMS        [$WORK/analyzer-demo.items.json]  -getItem/-getProperty output of the same build
#   WORK               [a new temp folder]               intermediate pages, kept for inspection
#   CHROMIUM           [chromium on PATH]
# Needs: the .NET SDK, chromium (.ci/chromium.sh) and, for the emoji of the reports, fonts-noto-color-emoji.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

RUN=1
OUT="docs/images"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-run) RUN=0; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "make.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

EVAL_CONFIG="${EVAL_CONFIG:-prompts-sample/llmops.eval.yaml}"
EVAL_BASELINE="${EVAL_BASELINE:-:/Sample baseline prompts}"
EVAL_DIR="$(dirname "$EVAL_CONFIG")/.llmops/eval"
EVAL_REPORT_MD="${EVAL_REPORT_MD:-$EVAL_DIR/report.md}"
EVAL_REPORT_HTML="${EVAL_REPORT_HTML:-$EVAL_DIR/report.html}"
SAMPLE_PROJECT="${SAMPLE_PROJECT:-prompts-sample/src/TicketTriage}"
WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/readme-images.XXXXXX")}"
BUILD_LOG="${BUILD_LOG:-$WORK/analyzer-demo.log}"
BUILD_ITEMS="${BUILD_ITEMS:-$WORK/analyzer-demo.items.json}"
mkdir -p "$WORK" "$OUT"

fail() { echo "make.sh: $*" >&2; exit 1; }
need_file() { [ -f "$2" ] || fail "$1 not found: $2"; }
need_dir() { [ -d "$2" ] || fail "$1 not found: $2"; }

command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on PATH"
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  fail "Chromium not found: run .ci/chromium.sh or set CHROMIUM=/path/to/chrome"
fi
if command -v fc-list >/dev/null && ! fc-list | grep -qi "emoji"; then
  echo "make.sh: warning: no emoji font (apt-get install fonts-noto-color-emoji); the reports' verdict emoji will show as boxes" >&2
fi

# Items the code-fix preview needs to rebuild the compilation exactly as the build saw it (see BuildItems.cs).
ITEM_NAMES="Compile,ReferencePathWithRefAssemblies,AdditionalFiles,EditorConfigFiles"
PROPERTY_NAMES="MSBuildProjectDirectory,DefineConstants,Nullable"

if [ "$RUN" = 1 ]; then
  need_file "eval config (EVAL_CONFIG)" "$EVAL_CONFIG"
  need_dir "sample project (SAMPLE_PROJECT)" "$SAMPLE_PROJECT"
  # `git show <ref>:<path>` cannot take a :/message ref (the search text would swallow ":path"), so the build
  # gets the commit id. Peeled in a second step for the same reason.
  BASELINE_SHA="$(git -C "$SAMPLE_PROJECT" rev-parse --verify --quiet "$EVAL_BASELINE")" || fail "baseline ref (EVAL_BASELINE) '$EVAL_BASELINE' is unknown"
  BASELINE_SHA="$(git -C "$SAMPLE_PROJECT" rev-parse --verify --quiet "$BASELINE_SHA^{commit}")" || fail "baseline ref (EVAL_BASELINE) '$EVAL_BASELINE' is not a commit"

  echo "== eval: compare against $EVAL_BASELINE (offline, cassettes)"
  set +e
  dotnet run --project eval-runner/LlmOps.Guardrails.Eval -f net10.0 -- compare --config "$EVAL_CONFIG" --baseline "$EVAL_BASELINE" --offline
  code=$?
  set -e
  # 1 and 2 are gate verdicts: the reports are written and worth showing. 3 means the run itself failed.
  [ "$code" -le 2 ] || fail "dotnet eval compare could not run (exit $code)"

  echo "== build: cost report against $BASELINE_SHA"
  dotnet build "$SAMPLE_PROJECT" -nologo -v:m -p:LlmOpsBaselineRef="$BASELINE_SHA"
  if [ -z "${COST_REPORT:-}" ]; then
    COST_REPORT="$(find "$SAMPLE_PROJECT/obj" -path '*/llmops/cost-report.md' -printf '%T@ %p\n' 2>/dev/null | sort -rn | head -n1 | cut -d' ' -f2-)"
    [ -n "$COST_REPORT" ] || fail "the build wrote no obj/**/llmops/cost-report.md under $SAMPLE_PROJECT (see docs/build.md)"
    # The demo build below rebuilds the project and rewrites obj/, so keep this build's report.
    cp "$COST_REPORT" "$WORK/cost-report.md"
    COST_REPORT="$WORK/cost-report.md"
  fi

  echo "== build: analyzer demo (one finding per rule), log in $BUILD_LOG"
  # --no-incremental (a rebuild): an up-to-date compile would not run the analyzers and the log would have no
  # findings; it also makes -getItem report the items after the build rather than after evaluation.
  # --no-dependencies: the references were built just above. LLM006 is an error by default, so the exit code is ignored.
  dotnet build "$SAMPLE_PROJECT" -nologo --no-incremental --no-dependencies -p:ShowAnalyzerDemo=true \
    -flp:"logfile=$BUILD_LOG;verbosity=normal" \
    -getItem:"$ITEM_NAMES" -getProperty:"$PROPERTY_NAMES" -getResultOutputFile:"$BUILD_ITEMS" || true
else
  if [ -z "${COST_REPORT:-}" ] && [ -d "$SAMPLE_PROJECT/obj" ]; then
    COST_REPORT="$(find "$SAMPLE_PROJECT/obj" -path '*/llmops/cost-report.md' -printf '%T@ %p\n' 2>/dev/null | sort -rn | head -n1 | cut -d' ' -f2-)"
  fi
fi

need_file "eval Markdown report (EVAL_REPORT_MD)" "$EVAL_REPORT_MD"
need_file "eval HTML report (EVAL_REPORT_HTML)" "$EVAL_REPORT_HTML"
need_file "build cost report (COST_REPORT)" "${COST_REPORT:-$SAMPLE_PROJECT/obj/**/llmops/cost-report.md}"
need_file "analyzer demo build log (BUILD_LOG)" "$BUILD_LOG"
need_file "analyzer demo build items (BUILD_ITEMS)" "$BUILD_ITEMS"

echo "== tool"
dotnet build tools/readme-images -nologo -v:q
images() { dotnet run --project tools/readme-images --no-build -- "$@"; }

images markdown --in "$EVAL_REPORT_MD" --out "$WORK/pr-comment.html" --title "Eval report" --frame comment
images markdown --in "$COST_REPORT" --out "$WORK/cost-report.html" --title "$(basename "$SAMPLE_PROJECT")/obj/.../llmops/cost-report.md" --frame file --open-details 0
images warnings --log "$BUILD_LOG" --items "$BUILD_ITEMS" --out "$WORK/analyzer-warnings.html" --codes "LLM[0-9]{3}" --fix LLM002

images screenshot --page "$EVAL_REPORT_HTML" --out "$OUT/eval-html-report.png" --width 1280 --max-height 1800
images screenshot --page "$WORK/pr-comment.html" --out "$OUT/pr-comment.png" --width 1100 --max-height 2200
images screenshot --page "$WORK/cost-report.html" --out "$OUT/build-cost-report.png" --width 1100 --max-height 1200
images screenshot --page "$WORK/analyzer-warnings.html" --out "$OUT/analyzer-warning-fix.png" --width 1200 --max-height 1600

echo "== done: $OUT/{eval-html-report,pr-comment,build-cost-report,analyzer-warning-fix}.png (pages in $WORK)"
