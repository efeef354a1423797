using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.History;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Runtime.Tests.Fakes;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>
/// `compare --shard i/n` and `merge` end to end: one recording against the fake loopback server, then strict offline
/// replays — unsharded, and as two shards merged — which must agree on every per-prompt figure and verdict.
/// </summary>
public sealed class ShardMergeTests : CompareRepoTest
{
    [Fact]
    public void Two_shards_merged_equal_the_unsharded_run()
    {
        RecordSuite();
        string history = Repo.PathOf("history/runs.db");

        var full = Compare("--offline", "--out", Out("full"), "--history", history);
        var first = Compare("--offline", "--shard", "1/2", "--out", Out("s1"), "--history", history);
        var second = Compare("--offline", "--shard", "2/2", "--out", Out("s2"), "--history", history);
        Assert.Contains("shard 1/2", first.Output);
        Assert.True(first.ExitCode is 0 or 1, first.Output + first.Error);
        Assert.True(second.ExitCode is 0 or 1, second.Output + second.Error);

        var shard1 = EvalRunJson.ReadFile(Path.Combine(Out("s1"), "results.json"));
        var shard2 = EvalRunJson.ReadFile(Path.Combine(Out("s2"), "results.json"));
        Assert.Equal("1/2", shard1.Provenance.Shard);
        Assert.Equal("2/2", shard2.Provenance.Shard);
        Assert.NotNull(shard1.Provenance.ConfigHash);

        // The shards partition the cases, and both variants of a case are in the same shard.
        var expected = EvalRunJson.ReadFile(Path.Combine(Out("full"), "results.json"));
        foreach (var prompt in expected.Prompts)
        {
            var ids1 = shard1.Prompts.Single(p => p.PromptId == prompt.PromptId).Cases.Select(c => c.CaseId).ToList();
            var ids2 = shard2.Prompts.Single(p => p.PromptId == prompt.PromptId).Cases.Select(c => c.CaseId).ToList();
            Assert.Empty(ids1.Intersect(ids2));
            Assert.Equal(prompt.Cases.Select(c => c.CaseId), ids1.Concat(ids2).OrderBy(id => id, StringComparer.Ordinal));
        }

        Assert.NotEmpty(shard1.Prompts.SelectMany(p => p.Cases));
        Assert.NotEmpty(shard2.Prompts.SelectMany(p => p.Cases));

        var merged = CliRunner.Run("merge", Out("s2"), Path.Combine(Out("s1"), "results.json"), "--config", Repo.ConfigPath, "--out", Out("merged"), "--history", history);
        Assert.Equal(full.ExitCode, merged.ExitCode);
        Assert.Equal(1, merged.ExitCode); // the changed case regresses the candidate beyond the 5-point budget
        foreach (var file in new[] { "results.json", "report.md", "report.junit.xml", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(Out("merged"), file)), file);
        }

        var actual = EvalRunJson.ReadFile(Path.Combine(Out("merged"), "results.json"));
        Assert.Null(actual.Provenance.Shard);
        Assert.Contains(Headline.For(expected), merged.Output);
        Assert.Equal(Headline.For(expected), Headline.For(actual));
        Assert.Equal(expected.Prompts.Select(p => p.PromptId), actual.Prompts.Select(p => p.PromptId));
        foreach (var (e, a) in expected.Prompts.Zip(actual.Prompts))
        {
            Assert.Equal(e.Verdict, a.Verdict);
            Assert.Equal(e.Changed, a.Changed);
            Assert.Equal(e.PValue, a.PValue);
            Assert.Equal(e.PairedCases, a.PairedCases);
            Assert.Equal(e.BaselineOnlyPassed, a.BaselineOnlyPassed);
            Assert.Equal(e.CandidateOnlyPassed, a.CandidateOnlyPassed);
            Assert.Equal(e.PairedPassRateDelta, a.PairedPassRateDelta);
            Assert.Equal(e.PassRateDeltaCiLow, a.PassRateDeltaCiLow);
            Assert.Equal(e.PassRateDeltaCiHigh, a.PassRateDeltaCiHigh);
            Assert.Equal(e.Cases.Select(c => (c.CaseId, c.Change)), a.Cases.Select(c => (c.CaseId, c.Change)));
            foreach (var (se, sa) in new[] { (e.Baseline, a.Baseline), (e.Candidate, a.Candidate) })
            {
                Assert.Equal((se.Cases, se.Passed, se.Failed, se.Errored, se.PassRate), (sa.Cases, sa.Passed, sa.Failed, sa.Errored, sa.PassRate));
                Assert.Equal(se.CostPerCall, sa.CostPerCall);
                Assert.Equal((se.LatencyP50Ms, se.LatencyP95Ms), (sa.LatencyP50Ms, sa.LatencyP95Ms));
                Assert.Equal((se.MeanInputTokens, se.MeanOutputTokens), (sa.MeanInputTokens, sa.MeanOutputTokens));
            }
        }

        Assert.Contains(expected.Prompts, p => p.Verdict == PromptVerdict.Regressed || p.BaselineOnlyPassed > 0);

        // The merged outputs carry the gate merge printed, and it is the unsharded run's gate.
        var mergedGate = Reports.ReportGateAssertions.GateLines(merged.Output + merged.Error);
        Assert.NotEmpty(mergedGate);
        Assert.Equal(Reports.ReportGateAssertions.GateLines(full.Output + full.Error), mergedGate);
        Reports.ReportGateAssertions.AssertOutputsCarry(Out("merged"), mergedGate);
        Assert.Equal(expected.Gate!.Result, actual.Gate!.Result);

        // History: the unsharded compare and the merge are runs; the shards are not.
        var runs = RunHistoryStore.Read(history).Select(e => (e.RunId, e.Source)).Distinct().ToList();
        Assert.Equal(new[] { "compare", "merge" }, runs.Select(r => r.Source));
    }

    [Fact]
    public void Merge_refuses_shards_that_do_not_make_a_whole_run()
    {
        RecordSuite();
        Compare("--offline", "--shard", "1/2", "--out", Out("s1"), "--no-history");
        Compare("--offline", "--shard", "1/3", "--out", Out("t1"), "--no-history");
        Compare("--offline", "--out", Out("full"), "--no-history");

        var missing = Merge(Out("s1"));
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("shard 2/2 missing", missing.Error);

        var twice = Merge(Out("s1"), Out("s1"));
        Assert.Equal(3, twice.ExitCode);
        Assert.Contains("1/2 given more than once", twice.Error);

        var counts = Merge(Out("s1"), Out("t1"));
        Assert.Equal(3, counts.ExitCode);
        Assert.Contains("shard count", counts.Error);

        var notShard = Merge(Out("s1"), Out("full"));
        Assert.Equal(3, notShard.ExitCode);
        Assert.Contains("not from a --shard run", notShard.Error);

        // A shard of another commit (the working tree was committed in between) does not belong either.
        Repo.CommitAll("candidate");
        Compare("--offline", "--shard", "2/2", "--out", Out("later"), "--no-history");
        var otherCommit = Merge(Out("s1"), Out("later"));
        Assert.Equal(3, otherCommit.ExitCode);
        Assert.Contains("differs", otherCommit.Error);
        Assert.False(File.Exists(Path.Combine(Out("merged"), "results.json")));
    }

    [Fact]
    public void Merge_refuses_a_config_other_than_the_one_the_shards_ran_with()
    {
        RecordSuite();
        Compare("--offline", "--shard", "1/2", "--out", Out("s1"), "--no-history");
        Compare("--offline", "--shard", "2/2", "--out", Out("s2"), "--no-history");

        // A looser gate would turn the shards' failing run into a pass.
        string config = File.ReadAllText(Repo.ConfigPath);
        File.WriteAllText(Repo.ConfigPath, config.Replace("max_drop: 0.05", "max_drop: 1.0", StringComparison.Ordinal));
        var other = Merge(Out("s1"), Out("s2"));
        Assert.Equal(3, other.ExitCode);
        Assert.Contains("another eval config", other.Error);
        Assert.Contains(Repo.ConfigPath, other.Error);
        Assert.False(File.Exists(Path.Combine(Out("merged"), "results.json")));

        File.WriteAllText(Repo.ConfigPath, config);
        var same = Merge(Out("s1"), Out("s2"));
        Assert.Equal(1, same.ExitCode);
        Assert.True(File.Exists(Path.Combine(Out("merged"), "results.json")));
    }

    [Fact]
    public void Merge_of_an_unreadable_results_file_exits_3_and_names_it()
    {
        Repo.Write("llmops.eval.yaml", "prompts: [\"prompts/*.prompt.yaml\"]\n");
        Repo.Write("out/bad/results.json", "{ not json");
        var result = Merge(Out("bad"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains(Path.Combine(Out("bad"), "results.json"), result.Error);
        Assert.False(File.Exists(Path.Combine(Out("merged"), "results.json")));
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("1/0")]
    [InlineData("-1/2")]
    public void A_bad_shard_is_a_clear_error_with_exit_3(string shard)
    {
        Repo.Write("llmops.eval.yaml", "prompts: [\"prompts/*.prompt.yaml\"]\ndatasets: \"datasets/{id}.jsonl\"\n");
        Repo.CommitAll("base");
        var result = Compare("--offline", "--shard", shard);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--shard", result.Error);
    }

    /// <summary>
    /// Two prompts: classify (edited: its candidate differs) with a case whose assertion changed so the candidate fails
    /// it, and greet (unchanged). Recorded once; the tests then replay offline.
    /// </summary>
    private void RecordSuite()
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("billing", new FakeUsage(InputTokens: 100, OutputTokens: 4));
        Repo.Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/{id}.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{server.OpenAIEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            cassettes: .llmops/cassettes
            concurrency: 2
            gate:
              quality: { max_drop: 0.05, level: fail }
              latency: { level: off }
            """);
        var ids = Enumerable.Range(1, 12).Select(i => "case-" + i).ToArray();
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Repo.Write("prompts/greet.prompt.yaml", Prompt("greet", "Greet the customer about their billing question."));
        Repo.Write("datasets/classify.jsonl", Dataset(ids));
        Repo.Write("datasets/greet.jsonl", Dataset(ids.Take(7).ToArray()));
        Repo.CommitAll("base");
        Repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem + " Answer in lower case."));
        Repo.Write("datasets/classify.jsonl", Dataset(ids).Replace("case-3: I was charged twice.\"},\"assert\":[{\"type\":\"icontains\",\"value\":\"billing\"}", "case-3: I was charged twice.\"},\"assert\":[{\"type\":\"icontains\",\"value\":\"login\"}", StringComparison.Ordinal));

        var recorded = Compare("--record", "--out", Out("recorded"), "--no-history");
        Assert.True(recorded.ExitCode is 0 or 1, recorded.Output + recorded.Error);
    }

    private (int ExitCode, string Output, string Error) Compare(params string[] extra) =>
        CliRunner.Run(new[] { "compare", "--config", Repo.ConfigPath, "--baseline", "main" }.Concat(extra).ToArray());

    private (int ExitCode, string Output, string Error) Merge(params string[] inputs) =>
        CliRunner.Run(new[] { "merge" }.Concat(inputs).Concat(new[] { "--config", Repo.ConfigPath, "--out", Out("merged"), "--no-history" }).ToArray());

    private string Out(string name) => Repo.PathOf("out/" + name);
}
