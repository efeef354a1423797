#!/usr/bin/env bash
# Side-by-side tokenizer benchmark: builds the ~5 MB English+code corpus from files on this machine, measures
# warm single-threaded token counting of the LlmOps.Guardrails tokenizer (C#), npm tiktoken (OpenAI's Rust engine
# compiled to WebAssembly) and gpt-tokenizer for o200k_base and cl100k_base, checks the three agree on the count,
# and measures the C# first-use time (load + SHA-256 + first count) in fresh processes.
#
#   bench/tokenizer-side-by-side/run.sh        (CORPUS=/path/file to choose where the corpus is written)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="${CORPUS:-${TMPDIR:-/tmp}/llmops-tokenizer-corpus.txt}"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT

echo "date: $(date)"
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//')"

cd "$here"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --silent
fi

node make-corpus.mjs "$corpus"
dotnet build -c Release --nologo -v quiet "$root/bench/LlmOps.Guardrails.Benchmarks" >/dev/null
dotnet "$root/bench/LlmOps.Guardrails.Benchmarks/bin/Release/net10.0/LlmOps.Guardrails.Benchmarks.dll" tokenizer-sidebyside "$corpus" >"$results"
node bench.mjs "$corpus" "$results"
