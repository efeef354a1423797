#!/usr/bin/env bash
# Writes N valid *.prompt.yaml files (default 1,000) into DIR/prompts, spread over a few pinned models.
# Usage: generate-prompts.sh DIR [N]
set -euo pipefail
dir="$1"
count="${2:-1000}"
mkdir -p "$dir/prompts"
models=(gpt-4o-2024-08-06 gpt-4o-mini-2024-07-18 claude-sonnet-4-5-20250929 gpt-4o-2024-11-20)
for ((i = 0; i < count; i++)); do
  model="${models[$((i % ${#models[@]}))]}"
  cat > "$dir/prompts/p$(printf '%04d' "$i").prompt.yaml" <<YAML
id: bench.prompt-$i
description: Benchmark prompt number $i.
owner:
  feature: feature-$((i % 17))
  team: team-$((i % 5))
model: $model
parameters:
  temperature: 0.2
  max_output_tokens: $((100 + i % 400))
variables:
  subject:
    sample: Cannot log in after password reset (case $i)
  body:
    sample: |
      Hi, since resetting my password this morning the app keeps saying "invalid credentials".
      I have a client demo at 3pm today and need access to the reports for account $i. Please help!
messages:
  - role: system
    content: |
      You triage customer support tickets for a B2B SaaS product (queue $i).
      Reply with one JSON object and nothing else:
      {"category": "billing" | "login" | "bug" | "other", "urgency": "low" | "normal" | "high"}
      Urgency is high when the customer is blocked and mentions a deadline or an outage.
  - role: user
    content: |
      Subject: {{subject}}

      {{body}}
expected_output_tokens: $((20 + i % 80))
traffic:
  calls_per_day: $((100 * (i % 50 + 1)))
YAML
done
