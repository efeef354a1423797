#!/usr/bin/env bash
# Measures the LlmOps analyzers' share of analyzer time in a large consumer build.
# Packs the analyzer package, generates a consumer project outside the repository (1,000 files,
# 2,000 LLM call sites by default), builds it once with csc's per-analyzer timing on, and prints a
# Markdown table. Usage: bench/analyzer-perf/run.sh [files] [callSites]   (KEEP=1 keeps the work folder)
# e.g. `run.sh 1000 20` for a realistic density: 1,000 files with 20 LLM call sites in all.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
files="${1:-1000}"
sites="${2:-$((files * 2))}"
work="$(mktemp -d "${TMPDIR:-/tmp}/llmops-analyzer-perf.XXXXXX")"
# A fresh version every run, so NuGet's global cache never serves an older analyzer build.
version="0.1.0-perf.$(date +%s)"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"

cleanup() {
  rm -rf "$packages/llmops.guardrails.analyzers/$version"
  if [[ "${KEEP:-0}" != 1 ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT

echo "packing LlmOps.Guardrails.Analyzers $version" >&2
dotnet pack "$repo/analyzers/LlmOps.Guardrails.Analyzers.Package/LlmOps.Guardrails.Analyzers.Package.csproj" \
  -c Release -o "$work/feed" -p:Version="$version" -nologo -v:quiet >&2

node "$here/generate.mjs" "$work/consumer" "$version" "$files" "$sites" >&2
cat > "$work/consumer/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="llmops-local" value="$work/feed" />
  </packageSources>
</configuration>
XML

cd "$work/consumer"
dotnet restore -nologo -v:quiet >&2
# No compiler server, so the timing covers one cold csc run, as on a CI agent.
echo "building (ReportAnalyzer=true)" >&2
start=$(date +%s%3N)
dotnet build --no-restore -c Release -nologo -v:detailed \
  -p:ReportAnalyzer=true -p:UseSharedCompilation=false -p:TreatWarningsAsErrors=false > "$work/build.log" || {
  grep -E ": error " "$work/build.log" | head -20 >&2; exit 1; }
end=$(date +%s%3N)

node "$here/report.mjs" "$work/build.log" "$((end - start))"
