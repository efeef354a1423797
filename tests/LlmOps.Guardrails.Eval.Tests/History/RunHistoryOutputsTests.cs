using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.History;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Runtime.Signals;
using Microsoft.Data.Sqlite;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.History;

/// <summary>history.db keeps each case's output hash (schema 2) and upgrades a schema 1 file in place.</summary>
public sealed class RunHistoryOutputsTests : IDisposable
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

    private static EvalRun RunWithOutputs(params (string Id, CaseStatus Status, string? Output)[] cases)
    {
        CaseRecord Record((string Id, CaseStatus Status, string? Output) c) => new(c.Id, "fp", new CaseResult { Status = c.Status, Output = c.Output, Cost = 0.001m, LatencyMs = 100 });
        var baseline = new CaseResultSet { PromptId = "classify", PromptHash = "base", Cases = cases.Select(Record).ToList() };
        var candidate = new CaseResultSet { PromptId = "classify", PromptHash = "cand", Cases = cases.Select(Record).ToList() };
        return Run(PromptComparer.Compare(baseline, candidate));
    }

    [Fact]
    public void Each_answered_case_keeps_the_hash_of_its_output()
    {
        RunHistoryStore.Append(DbPath, RunWithOutputs(("a", CaseStatus.Passed, "billing"), ("b", CaseStatus.Failed, "login"), ("c", CaseStatus.Errored, "timeout")), "compare");

        var candidate = RunHistoryStore.Read(DbPath).Single(e => e.Variant == "candidate");
        Assert.Equal(new[] { "a", "b" }, candidate.OutputHashes.Keys.OrderBy(k => k));
        Assert.Equal(CallContentHash.OfText("billing"), candidate.OutputHashes["a"]);
        Assert.Equal(CallContentHash.OfText("login"), candidate.OutputHashes["b"]);
    }

    [Fact]
    public void A_schema_1_file_is_read_without_outputs_and_upgraded_by_the_next_append()
    {
        RunHistoryStore.Append(DbPath, RunWithOutputs(("a", CaseStatus.Passed, "billing")), "compare");
        Execute("DROP TABLE case_outputs; PRAGMA user_version = 1;");

        var old = RunHistoryStore.Read(DbPath);
        Assert.All(old, e => Assert.Empty(e.OutputHashes));

        RunHistoryStore.Append(DbPath, RunWithOutputs(("a", CaseStatus.Passed, "refund")), "compare");
        var rows = RunHistoryStore.Read(DbPath).Where(e => e.Variant == "candidate").ToList();
        Assert.Empty(rows[0].OutputHashes);
        Assert.Equal(CallContentHash.OfText("refund"), rows[1].OutputHashes["a"]);
        Assert.Equal(RunHistoryStore.SchemaVersion, Convert.ToInt32(Execute("PRAGMA user_version;")));
    }

    private object? Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
