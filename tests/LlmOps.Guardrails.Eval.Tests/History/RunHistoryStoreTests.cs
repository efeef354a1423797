using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LlmOps.Guardrails.Eval.History;
using LlmOps.Guardrails.Eval.Results;
using Microsoft.Data.Sqlite;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.History;

/// <summary>history.db on a real SQLite file in a temp folder.</summary>
public sealed class RunHistoryStoreTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "llmops-history-" + Guid.NewGuid().ToString("N")[..12]);

    private string DbPath => Path.Combine(folder, ".llmops", "history.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [Fact]
    public void The_first_append_creates_a_versioned_schema_and_rows_per_prompt_and_variant()
    {
        var run = Run(Compare("classify", bothPass: 8, b: 2, c: 0, bothFail: 0, baseCost: 0.002m, candCost: 0.0025m, baseLatency: 100, candLatency: 150));
        long id = RunHistoryStore.Append(DbPath, run, "compare");
        Assert.Equal(1, id);

        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            Assert.Equal(RunHistoryStore.SchemaVersion, Convert.ToInt32(command.ExecuteScalar()));
        }

        var rows = RunHistoryStore.Read(DbPath);
        Assert.Equal(new[] { "baseline", "candidate" }, rows.Select(r => r.Variant));
        var candidate = rows[1];
        Assert.Equal("classify", candidate.PromptId);
        Assert.Equal("cand", candidate.PromptHash);
        Assert.Equal(0.8, candidate.PassK, 9);
        Assert.Equal(0.8, candidate.PassRate, 9);
        Assert.Equal(2.5m, candidate.CostPer1kCalls);
        Assert.Equal(150, candidate.LatencyP95Ms);
        Assert.Equal("abc123", candidate.Commit);
        Assert.Equal("origin/main", candidate.BaselineRef);
        Assert.Equal("replay", candidate.Mode);
        Assert.Equal("compare", candidate.Source);
        Assert.Equal(ToCamel(run.Prompts[0].Verdict), candidate.Verdict);
        Assert.Equal(run.Provenance.StartedAt, candidate.StartedAt);
    }

    [Fact]
    public void Per_run_pass_rate_counts_every_repeat_while_pass_k_needs_all_of_them()
    {
        var baseline = new LlmOps.Guardrails.Eval.Comparison.CaseResultSet
        {
            PromptId = "p",
            PromptHash = "h",
            Cases = new[]
            {
                new LlmOps.Guardrails.Eval.Comparison.CaseRecord("a", "fp", Result(CaseStatus.Passed, repeats: new[] { true, true })),
                new LlmOps.Guardrails.Eval.Comparison.CaseRecord("b", "fp", Result(CaseStatus.Failed, repeats: new[] { true, false })),
            },
        };
        RunHistoryStore.Append(DbPath, Run(LlmOps.Guardrails.Eval.Comparison.PromptComparer.Compare(baseline, baseline)), "compare");
        var candidate = RunHistoryStore.Read(DbPath, "p").Single(r => r.Variant == "candidate");
        Assert.Equal(0.75, candidate.PassRate, 9);
        Assert.Equal(0.5, candidate.PassK, 9);
        Assert.Equal(2, candidate.Repeats);
    }

    [Fact]
    public void Concurrent_appends_each_land_as_one_whole_run()
    {
        var run = Run(Compare("a", 5, 0, 0, 0), Compare("b", 5, 0, 0, 0));
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => RunHistoryStore.Append(DbPath, run, "compare"));

        var rows = RunHistoryStore.Read(DbPath);
        Assert.Equal(8 * 4, rows.Count);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), rows.Select(r => r.RunId).Distinct().OrderBy(i => i));
        Assert.All(rows.GroupBy(r => r.RunId), g => Assert.Equal(4, g.Count()));
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_a_history_error_not_a_crash()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        File.WriteAllText(DbPath, "this is not a database, just some text that is long enough to have a header page or so.");
        var ex = Assert.Throws<RunHistoryException>(() => RunHistoryStore.Append(DbPath, Run(Compare("a", 5, 0, 0, 0)), "compare"));
        Assert.Contains(DbPath, ex.Message);
        Assert.Throws<RunHistoryException>(() => RunHistoryStore.Read(DbPath));
    }

    [Fact]
    public void A_history_from_a_newer_tool_is_refused()
    {
        RunHistoryStore.Append(DbPath, Run(Compare("a", 5, 0, 0, 0)), "compare");
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<RunHistoryException>(() => RunHistoryStore.Append(DbPath, Run(Compare("a", 5, 0, 0, 0)), "compare"));
        Assert.Contains("schema 99", ex.Message);
        Assert.Contains("schema 99", Assert.Throws<RunHistoryException>(() => RunHistoryStore.Read(DbPath)).Message);
    }

    private static string ToCamel(PromptVerdict verdict) => char.ToLowerInvariant(verdict.ToString()[0]) + verdict.ToString()[1..];

    [Fact]
    public void No_file_reads_as_an_empty_history()
    {
        Assert.Empty(RunHistoryStore.Read(DbPath));
        Assert.False(File.Exists(DbPath));
    }
}
