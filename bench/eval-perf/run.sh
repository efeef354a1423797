#!/usr/bin/env bash
# `dotnet eval compare` at scale: builds the eval tool and the driver in Release, then the driver creates a temp git
# repo (baseline commit + edited prompt, 1,000-case JSONL dataset), starts a fake OpenAI-compatible provider on
# loopback (fixed 100 ms latency) and runs `compare --record` then `compare --offline` several times each, printing
# median/max wall time, peak RSS of the CLI process and the calls the provider saw.
# Usage: bench/eval-perf/run.sh [driver options, e.g. --cases 1000 --concurrency 32 --record-runs 3 --offline-runs 5 --keep]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

echo "building dotnet-eval and the driver (Release)" >&2
dotnet build "$repo/eval-runner/LlmOps.Guardrails.Eval/LlmOps.Guardrails.Eval.csproj" -c Release -f net10.0 -nologo -v:quiet >&2
dotnet build "$here/EvalPerf.csproj" -c Release -nologo -v:quiet >&2

tool="$repo/eval-runner/LlmOps.Guardrails.Eval/bin/Release/net10.0/dotnet-eval.dll"
driver="$here/bin/Release/net10.0/EvalPerf.dll"
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(dotnet --version) SDK" >&2
dotnet "$driver" --tool "$tool" "$@"
