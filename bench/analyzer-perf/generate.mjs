// Writes a consumer project of N source files with two LLM call sites each (OpenAI ChatClient,
// Anthropic Messages.Create, IChatClient.GetResponseAsync), about one in five carrying a finding,
// plus ordinary code around them so the SDK's own analyzers have realistic work too.
// With a call-site count, only that many of the 2 x files method slots (spread evenly) call a model; the
// others hold ordinary string and LINQ code, so the project has a realistic density of LLM calls.
// Usage: node generate.mjs <outDir> <analyzerVersion> [files=1000] [callSites=2 x files]
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [outDir, version, filesArg, sitesArg] = process.argv.slice(2);
if (!outDir || !version) {
  console.error("usage: node generate.mjs <outDir> <analyzerVersion> [files] [callSites]");
  process.exit(2);
}
const files = Number(filesArg ?? 1000);
const slots = files * 2;
const sites = Math.min(slots, Number(sitesArg ?? slots));
// Slot s holds a call site when it is one of `sites` slots spread evenly over all slots.
const isCallSite = (s) => (s * sites) % slots < sites;

// Deterministic, so two runs measure the same code.
let state = 42;
const next = (n) => ((state = (state * 1103515245 + 12345) % 2147483648), state % n);

const pinnedOpenAi = ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-4.1-2025-04-14"];
const pinnedClaude = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-opus-4-8"];

function openAiCall(i) {
  const finding = next(5) === 0 ? next(4) : -1; // 0 alias, 1 no cap, 2 unknown id, 3 no attribution
  const model = finding === 0 ? "gpt-4o" : finding === 2 ? "gpt-4o-2024-08-07" : pinnedOpenAi[next(3)];
  const options = finding === 1 ? "new ChatCompletionOptions { Temperature = 0.2f }" : `new ChatCompletionOptions { MaxOutputTokenCount = ${256 + next(8) * 128} }`;
  const attribute = finding === 3 ? "" : `[LlmFeature("feature-${i % 37}")]\n    `;
  return `${attribute}public ChatCompletion Complete${i}(string input)
    {
        var client = new ChatClient("${model}", Key);
        var prompt = string.Join(" ", input.Split(' ').Where(w => w.Length > 2).Select(w => w.Trim()));
        return client.CompleteChat(new OpenAI.Chat.ChatMessage[] { new SystemChatMessage("Answer briefly."), new UserChatMessage(prompt) }, ${options});
    }`;
}

function anthropicCall(i) {
  const finding = next(5) === 0 ? next(3) : -1; // 0 alias, 1 cap above maximum, 2 no attribution
  const model = finding === 0 ? "claude-sonnet-4-5" : pinnedClaude[next(3)];
  const cap = finding === 1 ? 200_000 : 1024 + next(4) * 512;
  const scope = finding === 2 ? "" : `using var scope = LlmAttribution.Begin(feature: "feature-${i % 41}");\n        `;
  return `public async Task<Message> Ask${i}(AnthropicClient anthropic, string question)
    {
        ${scope}if (string.IsNullOrWhiteSpace(question))
        {
            throw new ArgumentException("A question is required.", nameof(question));
        }
        return await anthropic.Messages.Create(new MessageCreateParams
        {
            Model = "${model}",
            MaxTokens = ${cap},
            Messages = [new UserMessageParam { Content = question }],
        });
    }`;
}

function chatClientCall(i) {
  const finding = next(5) === 0 ? next(3) : -1; // 0 alias, 1 no cap, 2 no attribution
  const model = finding === 0 ? "gpt-4o-mini" : pinnedOpenAi[next(3)];
  const cap = finding === 1 ? "" : ` MaxOutputTokens = ${200 + next(10) * 50},`;
  const tags = finding === 2 ? "" : ` AdditionalProperties = new() { ["llmops.feature"] = "feature-${i % 29}" },`;
  return `public async Task<string> Chat${i}(IChatClient chat, IReadOnlyList<string> lines)
    {
        var text = lines.Count == 0 ? "" : string.Concat(lines.OrderBy(l => l.Length).Take(20));
        var response = await chat.GetResponseAsync(text, new ChatOptions { ModelId = "${model}",${cap}${tags} });
        return response.Text;
    }`;
}

function plainMethod(i) {
  return `public string Describe${i}(IReadOnlyList<string> lines)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var line in lines.Where(l => l.Length > 0).OrderBy(l => l, StringComparer.Ordinal))
        {
            builder.Append(line.Trim()).Append(';');
        }
        return builder.ToString();
    }`;
}

const kinds = [openAiCall, anthropicCall, chatClientCall];
const slot = (s) => {
  const kind = kinds[next(3)];
  return isCallSite(s) ? kind(s) : plainMethod(s);
};
mkdirSync(join(outDir, "Features"), { recursive: true });

for (let f = 0; f < files; f++) {
  const a = slot(f * 2);
  const b = slot(f * 2 + 1);
  writeFileSync(join(outDir, "Features", `Feature${f}.cs`), `using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Perf.Features;

public sealed record Feature${f}Result(string Id, int Score, DateTimeOffset At);

public sealed class Feature${f}
{
    private static readonly string Key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "";
    private readonly Dictionary<string, int> _scores = new(StringComparer.Ordinal);

    public int Score(string id)
    {
        if (_scores.TryGetValue(id, out var score))
        {
            return score;
        }
        score = id.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFF;
        _scores[id] = score;
        return score;
    }

    public IEnumerable<Feature${f}Result> Top(IEnumerable<string> ids) =>
        ids.Select(id => new Feature${f}Result(id, Score(id), DateTimeOffset.UtcNow)).OrderByDescending(r => r.Score).Take(10);

    ${a}

    ${b}
}
`);
}

writeFileSync(join(outDir, "Attribution.cs"), `using System;

namespace LlmOps.Guardrails.Runtime
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
    public sealed class LlmFeatureAttribute(string feature) : Attribute
    {
        public string Feature { get; } = feature;
    }

    public static class LlmAttribution
    {
        public static IDisposable Begin(string feature, string? team = null) => new Scope();

        private sealed class Scope : IDisposable
        {
            public void Dispose() { }
        }
    }
}
`);

writeFileSync(join(outDir, "Perf.Consumer.csproj"), `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <!-- The SDK's default analyzers at the latest level: the baseline the LlmOps analyzers are measured against. -->
    <AnalysisLevel>latest</AnalysisLevel>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="LlmOps.Guardrails.Analyzers" Version="${version}" PrivateAssets="all" />
    <PackageReference Include="OpenAI" Version="2.15.0" />
    <PackageReference Include="Anthropic" Version="13.12.0" />
    <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="10.11.0" />
  </ItemGroup>
</Project>
`);
writeFileSync(join(outDir, "Directory.Build.props"), "<Project />\n");
writeFileSync(join(outDir, "Directory.Build.targets"), "<Project />\n");
console.log(`wrote ${files} files with ${sites} call sites to ${outDir}`);
