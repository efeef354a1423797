using System.Linq;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>
/// Answers that are neither recorded nor fetchable, through the real `dotnet eval compare`: a missing provider key is
/// one error line for the run, before any call; "nothing recorded yet" is told apart from "the request differs".
/// </summary>
public sealed class MissingRecordingTests : CompareRepoTest
{
    private const string ClaudeModel = "claude-haiku-4-5-20251001";
    private const string Differs = "from every recorded one"; // "differs" for one request, "differ" for several
    private const string NothingYet = "nothing has been recorded yet for prompt 'classify'";

    // Unique per test instance and never set, so no developer's or CI's environment can provide them.
    private readonly string unsetA = "LLMOPS_EVAL_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string unsetB = "LLMOPS_EVAL_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public void A_plain_run_stops_before_any_call_with_one_line_naming_the_unset_variable()
    {
        // classify goes to a working provider that would be called live; triage's provider has no key and no recording.
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteConfig($"{{ type: openai-compatible, base_url: \"{server.OpenAIEndpoint}\", api_key_env: {KeyVariable}, max_retries: 0 }}", $"{{ type: anthropic, api_key_env: {unsetB} }}");
        WritePrompts(withClaude: true);

        var result = Compare();

        Assert.True(result.ExitCode == 3, result.Output + result.Error);
        Assert.Equal(0, server.RequestCount);
        string line = Assert.Single(ErrorLines(result.Error));
        Assert.Contains("error LLME117", line, StringComparison.Ordinal);
        Assert.Contains($"set {unsetB} (e.g. `export {unsetB}=<key>`)", line, StringComparison.Ordinal);
        Assert.Contains("nothing has been recorded yet for prompt 'triage' (baseline and candidate)", line, StringComparison.Ordinal);
        Assert.Contains("--record", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Differs, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Repo.PathOf(".llmops/eval/results.json")));
    }

    [Fact]
    public void Record_without_keys_names_every_unset_variable_in_one_line()
    {
        WriteConfig($"{{ type: openai, api_key_env: {unsetA} }}", $"{{ type: anthropic, api_key_env: {unsetB} }}");
        WritePrompts(withClaude: true);

        var result = Compare("--record");

        Assert.True(result.ExitCode == 3, result.Output + result.Error);
        string line = Assert.Single(ErrorLines(result.Error));
        Assert.Contains($"providers.default ({unsetA}) and providers.anthropic ({unsetB})", line, StringComparison.Ordinal);
        Assert.Contains($"set {unsetA} and {unsetB}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_run_without_a_key_replays_when_everything_is_recorded()
    {
        RecordWithFakeProvider();
        WriteConfig($"{{ type: openai, api_key_env: {unsetA} }}");

        var result = Compare();

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Empty(ErrorLines(result.Error));
    }

    [Fact]
    public void Offline_with_nothing_recorded_says_so_and_how_to_record()
    {
        WriteConfig($"{{ type: openai, api_key_env: {unsetA} }}");
        WritePrompts(withClaude: false);

        var result = Compare("--offline");

        Assert.True(result.ExitCode == 3, result.Output + result.Error);
        string line = Assert.Single(ErrorLines(result.Error));
        Assert.Contains(NothingYet + " (baseline and candidate)", line, StringComparison.Ordinal);
        Assert.Contains("--record", line, StringComparison.Ordinal);
        Assert.Contains(unsetA, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Differs, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_run_with_nothing_recorded_says_so_and_how_to_record()
    {
        WriteConfig($"{{ type: openai, api_key_env: {unsetA} }}");
        WritePrompts(withClaude: false);

        var result = Compare();

        Assert.True(result.ExitCode == 3, result.Output + result.Error);
        string line = Assert.Single(ErrorLines(result.Error));
        Assert.Contains(NothingYet + " (baseline and candidate)", line, StringComparison.Ordinal);
        Assert.Contains("--record", line, StringComparison.Ordinal);
        Assert.Contains(unsetA, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Differs, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--offline")]
    [InlineData(null)]
    public void An_edited_prompt_with_older_recordings_still_says_the_request_differs(string? mode)
    {
        RecordWithFakeProvider();
        WriteConfig($"{{ type: openai, api_key_env: {unsetA} }}");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Answer in lower case."));

        var result = Compare(mode is null ? Array.Empty<string>() : new[] { mode });

        Assert.True(result.ExitCode == 3, result.Output + result.Error);
        Assert.Contains(Differs, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing has been recorded yet", result.Error, StringComparison.Ordinal);
    }

    private void RecordWithFakeProvider()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing");
        WriteConfig($"{{ type: openai-compatible, base_url: \"{server.OpenAIEndpoint}\", api_key_env: {KeyVariable}, max_retries: 0 }}");
        WritePrompts(withClaude: false);
        var recorded = Compare("--record");
        Assert.True(recorded.ExitCode == 0, recorded.Output + recorded.Error);
    }

    private void WritePrompts(bool withClaude)
    {
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("a-1", "a-2"));
        if (withClaude)
        {
            Repo.Write("prompts/triage.prompt.yaml", Prompt("triage", ShortSystem).Replace(Model, ClaudeModel, StringComparison.Ordinal));
            Repo.Write("datasets/triage.jsonl", Dataset("b-1", "b-2", "b-3"));
        }

        Repo.CommitAll("base");
    }

    private void WriteConfig(string defaultProvider, string? anthropicProvider = null) => Repo.Write("llmops.eval.yaml", $$"""
        prompts: ["prompts/*.prompt.yaml"]
        datasets: "datasets/{id}.jsonl"
        providers:
          default: {{defaultProvider}}
        {{(anthropicProvider is null ? string.Empty : "  anthropic: " + anthropicProvider)}}
        gate:
          latency: { level: off }
        """);

    private (int ExitCode, string Output, string Error) Compare(params string[] extra) =>
        CliRunner.Run(new[] { "compare", "--config", Repo.ConfigPath, "--baseline", "HEAD", "--no-history" }.Concat(extra).ToArray());

    // "error:" or "error LLMEnnn:", as compare prints errors; progress ("0 errors") and gate findings are not errors.
    private static string[] ErrorLines(string error) =>
        error.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => ErrorLine.IsMatch(l)).ToArray();

    private static readonly Regex ErrorLine = new(@"\berror( LLME[0-9]{3})?:", RegexOptions.CultureInvariant);
}
