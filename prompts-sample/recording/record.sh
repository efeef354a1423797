#!/usr/bin/env bash
# Records the sample's cassettes (prompts-sample/cassettes) by running `dotnet eval compare --record` over every case
# of the baseline and the candidate prompts.
#
#   prompts-sample/recording/record.sh                         # scripted stand-in on loopback (what is committed)
#   LLMOPS_RECORD_AGAINST=real OPENAI_API_KEY=... ANTHROPIC_API_KEY=... prompts-sample/recording/record.sh
#
# LLMOPS_RECORD_AGAINST selects the config: `scripted` (default) writes an override of llmops.eval.yaml whose providers
# point at ScriptedProvider; `real` uses llmops.eval.yaml itself and the keys from the environment.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sample="$(dirname "$here")"
repo="$(git -C "$sample" rev-parse --show-toplevel)"
against="${LLMOPS_RECORD_AGAINST:-scripted}"
baseline="$(git -C "$repo" rev-parse ":/Sample baseline prompts")"
work="$sample/.llmops/record"   # git-ignored
mkdir -p "$work"

cd "$repo"
dotnet build eval-runner/LlmOps.Guardrails.Eval -f net10.0 -v q -nologo >/dev/null

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap stop_server EXIT

case "$against" in
  scripted)
    dotnet build "$here/ScriptedProvider" -v q -nologo >/dev/null
    rm -f "$work/url"
    dotnet "$here/ScriptedProvider/bin/Debug/net10.0/ScriptedProvider.dll" --datasets "$sample/datasets" --url-file "$work/url" &
    server_pid=$!
    for _ in $(seq 1 100); do [[ -s "$work/url" ]] && break; sleep 0.1; done
    url="$(cat "$work/url")"
    # The stand-in checks no key, but the eval's providers insist on one; it is not a secret.
    export SCRIPTED_PROVIDER_KEY=scripted-provider-placeholder
    config="$work/llmops.eval.yaml"
    sed -e 's#"prompts/\*\.prompt\.yaml"#"../../prompts/*.prompt.yaml"#' \
        -e 's#"datasets/{id}\.jsonl"#"../../datasets/{id}.jsonl"#' \
        -e 's#^cassettes: cassettes#cassettes: ../../cassettes#' \
        -e "s#default: { type: openai, api_key_env: OPENAI_API_KEY,#default: { type: openai, api_key_env: SCRIPTED_PROVIDER_KEY, base_url: \"${url}v1\",#" \
        -e "s#anthropic: { type: anthropic, api_key_env: ANTHROPIC_API_KEY,#anthropic: { type: anthropic, api_key_env: SCRIPTED_PROVIDER_KEY, base_url: \"${url%/}\",#" \
        "$sample/llmops.eval.yaml" > "$config.tmp"
    mv "$config.tmp" "$config"
    ;;
  real)
    config="$sample/llmops.eval.yaml"
    ;;
  *)
    echo "LLMOPS_RECORD_AGAINST must be 'scripted' or 'real', not '$against'" >&2
    exit 3
    ;;
esac

# Every case is recorded, so old recordings can go: what is left afterwards is exactly what the prompts ask today.
rm -f "$sample"/cassettes/*.jsonl
set +e
dotnet run --no-build --project eval-runner/LlmOps.Guardrails.Eval -f net10.0 -- \
  compare --config "$config" --baseline "$baseline" --record --out "$work/eval"
status=$?
set -e
echo "record: compare exited $status; cassettes in $sample/cassettes"
exit "$status"
