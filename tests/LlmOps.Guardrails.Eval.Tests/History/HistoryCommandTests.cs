using System.IO;
using System.Linq;
using System.Text.Json;
using LlmOps.Guardrails.Eval.History;
using LlmOps.Guardrails.Eval.Tests.Execution;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.History;

/// <summary>compare appends to .llmops/history.db; `dotnet eval history` shows the trend and flags drift.</summary>
public sealed class HistoryCommandTests : CompareRepoTest
{
    [Fact]
    public void Changed_answers_on_an_unchanged_prompt_are_shown_as_provider_side_drift()
    {
        using var server = FakeProviderServer.Start();
        WriteSuite(server);

        server.DefaultResponse = FakeResponse.Ok("billing");
        Assert.Equal(0, Compare("--record").ExitCode);
        server.DefaultResponse = FakeResponse.Ok("Sorry, I cannot help with that.");
        Compare("--record"); // same prompt file, the provider now answers otherwise
        Compare("--record", "--no-history");

        Assert.True(File.Exists(Repo.PathOf(".llmops/history.db")));
        var table = CliRunner.Run("history", "--config", Repo.ConfigPath);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("classify", table.Output);
        Assert.Contains("100.0%", table.Output);
        Assert.Contains("0.0%", table.Output);
        Assert.Contains(Model, table.Output);
        Assert.Contains(Repo.Git("rev-parse", "HEAD")[..12], table.Output);
        Assert.Single(table.Output.Split('\n'), line => line.Contains("provider-side drift?", StringComparison.Ordinal));

        var json = CliRunner.Run("history", "--config", Repo.ConfigPath, "--prompt", "classify", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        using var doc = JsonDocument.Parse(json.Output);
        var runs = doc.RootElement.EnumerateArray().Single().GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count); // --no-history kept the third run out
        Assert.Equal(new[] { false, true }, runs.Select(r => r.GetProperty("drift").GetBoolean()));
        Assert.Equal(new[] { 1.0, 0.0 }, runs.Select(r => r.GetProperty("passRate").GetDouble()));

        // Every case answered otherwise on the same prompt hash and model: each case is one match in two outputs.
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("consistency").ValueKind);
        Assert.Equal(0.5, runs[1].GetProperty("consistency").GetProperty("ratio").GetDouble());
        var acrossRuns = doc.RootElement.EnumerateArray().Single().GetProperty("consistency").EnumerateArray().Single();
        Assert.Equal(Model, acrossRuns.GetProperty("model").GetString());
        Assert.Equal(0.5, acrossRuns.GetProperty("acrossRuns").GetProperty("ratio").GetDouble());
        Assert.Contains("consistency across these runs, " + Model + ": 50.0%", table.Output);

        var last = CliRunner.Run("history", "--config", Repo.ConfigPath, "--last", "1", "--format", "json");
        using var lastDoc = JsonDocument.Parse(last.Output);
        Assert.Single(lastDoc.RootElement.EnumerateArray().Single().GetProperty("runs").EnumerateArray());

        var unknown = CliRunner.Run("history", "--config", Repo.ConfigPath, "--prompt", "nope");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("nope", unknown.Error);
    }

    [Fact]
    public void A_corrupt_history_is_a_warning_and_never_fails_the_compare()
    {
        using var server = FakeProviderServer.Start();
        WriteSuite(server);
        server.DefaultResponse = FakeResponse.Ok("billing");
        string history = Repo.PathOf("custom/history.db");
        Directory.CreateDirectory(Path.GetDirectoryName(history)!);
        File.WriteAllText(history, new string('x', 4096));

        var result = Compare("--record", "--history", history);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("warning: cannot write the run history", result.Error);
        Assert.True(File.Exists(Repo.PathOf(".llmops/eval/results.json")));
        Assert.False(File.Exists(Repo.PathOf(".llmops/history.db")));

        var shown = CliRunner.Run("history", "--history", history);
        Assert.Equal(3, shown.ExitCode);
        Assert.Contains("cannot read the run history", shown.Error);
    }

    [Fact]
    public void History_without_a_file_says_how_to_get_one()
    {
        var result = CliRunner.Run("history", "--config", Repo.ConfigPath);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains(RunHistoryStore.DefaultRelativePath.Replace('/', Path.DirectorySeparatorChar), result.Error);
    }

    private void WriteSuite(FakeProviderServer server)
    {
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            concurrency: 1
            gate:
              quality: { level: warn }
              latency: { level: off }
            """);
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("datasets/classify.jsonl", Dataset("refund-1", "refund-2"));
        Repo.CommitAll("base");
    }

    private (int ExitCode, string Output, string Error) Compare(params string[] extra) =>
        CliRunner.Run(new[] { "compare", "--config", Repo.ConfigPath, "--baseline", "HEAD" }.Concat(extra).ToArray());
}
