#!/usr/bin/env bash
# Build-time cost of LlmOps.Guardrails.Build, measured with MSBuild's Target/Task Performance Summary:
#  (1) a no-op incremental build of a small consumer (3 prompts): time in the LlmOps targets (goal <= 20 ms);
#  (2) 1,000 generated prompt files validated, counted, priced, locked and turned into accessors from cold
#      (no lock, no obj/llmops, a fresh MSBuild process): time of the GeneratePromptArtifacts task (goal <= 2 s).
# Prints a Markdown table. Usage: bench/build-perf/run.sh [prompts] [runs]   (KEEP=1 keeps the work folder)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
prompts="${1:-1000}"
runs="${2:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/llmops-build-perf.XXXXXX")"
version="0.1.0-perf.$(date +%s)"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
# A CI environment would put the consumer into locked mode; the benchmark chooses the mode itself.
unset CI ContinuousIntegrationBuild

cleanup() {
  rm -rf "$packages/llmops.guardrails.build/$version"
  if [[ "${KEEP:-0}" != 1 ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT

echo "packing LlmOps.Guardrails.Build $version" >&2
dotnet pack "$repo/msbuild-tasks/LlmOps.Guardrails.Build/LlmOps.Guardrails.Build.csproj" -c Release -o "$work/feed" \
  -p:Version="$version" --artifacts-path "$work/artifacts" -nologo -v:quiet >&2

# consumer DIR: a console app outside the repository that references the packed package.
consumer() {
  local dir="$1"
  mkdir -p "$dir/prompts"
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Build.targets"
  cat > "$dir/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="llmops-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
  cat > "$dir/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RootNamespace>Consumer</RootNamespace>
    <LlmOpsPromptsLocked>false</LlmOpsPromptsLocked>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="LlmOps.Guardrails.Build" Version="$version" PrivateAssets="all" />
    <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="10.11.0" />
  </ItemGroup>
</Project>
XML
  echo 'System.Console.WriteLine(Consumer.Prompts.ClassifyTicket.Version);' > "$dir/Program.cs"
  (cd "$dir" && dotnet restore -nologo -v:quiet >&2)
}

build() { # build DIR LOG: a build with the performance summary, no compiler server, no node reuse
  (cd "$1" && dotnet build --no-restore -nologo -nodeReuse:false -p:UseSharedCompilation=false \
    -clp:PerformanceSummary -v:minimal > "$2") || { grep -E "error" "$2" | head -20 >&2; exit 1; }
}

# Sum of the "N ms  Name  calls" lines of a summary section for names matching a pattern.
summary_ms() { # LOG SECTION PATTERN
  awk -v section="$2" -v pattern="$3" '
    /Performance Summary:/ { in_section = ($0 ~ section) ; next }
    in_section && $2 == "ms" && $3 ~ pattern { total += $1 }
    END { printf "%d", total }' "$1"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)) }'; }

# (1) No-op incremental build of a small consumer.
small="$work/small"
consumer "$small"
cp "$repo/prompts-sample/prompts/"*.prompt.yaml "$small/prompts/"
echo "small consumer: first build" >&2
build "$small" "$work/small-first.log"
noop_targets=()
for ((i = 1; i <= runs; i++)); do
  build "$small" "$work/small-noop-$i.log"
  grep -q "LlmOpsPrompts" "$work/small-noop-$i.log" || { echo "no LlmOps target in the summary" >&2; exit 1; }
  noop_targets+=("$(summary_ms "$work/small-noop-$i.log" "Target" "LlmOps")")
done
noop_median="$(printf '%s\n' "${noop_targets[@]}" | median)"
noop_max="$(printf '%s\n' "${noop_targets[@]}" | sort -n | tail -1)"

# (2) Cold run over many prompts.
large="$work/large"
consumer "$large"
"$here/generate-prompts.sh" "$large" "$prompts"
cp "$repo/prompts-sample/prompts/classify-ticket.prompt.yaml" "$large/prompts/"
echo "large consumer: $prompts prompts, $runs cold runs" >&2
cold_task=()
cold_target=()
for ((i = 1; i <= runs; i++)); do
  rm -rf "$large/obj/Debug/net10.0/llmops" "$large/prompts.lock.json"
  build "$large" "$work/large-cold-$i.log"
  [[ -f "$large/prompts.lock.json" ]] || { echo "no lock written" >&2; exit 1; }
  cold_task+=("$(summary_ms "$work/large-cold-$i.log" "Task" "^GeneratePromptArtifacts$")")
  cold_target+=("$(summary_ms "$work/large-cold-$i.log" "Target" "LlmOps")")
done
locked=$(grep -c '"id"' "$large/prompts.lock.json")
cold_median="$(printf '%s\n' "${cold_task[@]}" | median)"
cold_max="$(printf '%s\n' "${cold_task[@]}" | sort -n | tail -1)"
target_median="$(printf '%s\n' "${cold_target[@]}" | median)"

verdict() { if (( $1 <= $2 )); then echo "yes"; else echo "**no**"; fi; }
echo
echo "| measurement | median | max | goal | met |"
echo "| --- | ---: | ---: | ---: | --- |"
echo "| no-op incremental build, LlmOps targets (3 prompts, $runs runs) | ${noop_median} ms | ${noop_max} ms | ≤ 20 ms | $(verdict "$noop_median" 20) |"
echo "| cold run, GeneratePromptArtifacts task ($locked prompts locked, $runs runs) | ${cold_median} ms | ${cold_max} ms | ≤ 2000 ms | $(verdict "$cold_median" 2000) |"
echo "| cold run, all LlmOps targets ($locked prompts) | ${target_median} ms | | | |"
echo
echo "no-op runs (ms): ${noop_targets[*]}; cold task runs (ms): ${cold_task[*]}"
