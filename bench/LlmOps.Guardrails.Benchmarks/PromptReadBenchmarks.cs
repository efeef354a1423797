using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>
/// Reading one native prompt file through the shared YAML tree. The cold-start job runs each measurement in a fresh
/// process, so it includes JIT and YamlDotNet's first use: what the build task and <c>dotnet eval</c> pay for the first prompt.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 15, warmupCount: 0, iterationCount: 1, id: "ColdStart")]
[SimpleJob(RunStrategy.Throughput, id: "Warm")]
public class PromptReadBenchmarks
{
    private const string Prompt = """
        id: summarise-ticket
        description: Summarise a support ticket for the on-call engineer.
        model: gpt-4o-mini-2024-07-18
        fallbacks: [claude-sonnet-4-5-20250929]
        parameters:
          temperature: 0.2
          max_output_tokens: 300
        variables:
          ticket: { description: The ticket text, sample: "The export fails with a timeout after 30 s." }
        messages:
          - role: system
            content: |
              You summarise support tickets in three bullet points.
              Keep product names as written.
          - role: user
            content: "{{ticket}}"
        """;

    [Benchmark]
    public int ReadPrompt() => PromptFileReader.Read("summarise-ticket.prompt.yaml", Prompt).Diagnostics.Count;
}
