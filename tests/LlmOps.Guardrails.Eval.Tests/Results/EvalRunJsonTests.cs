using System.Text;
using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Results;
using static LlmOps.Guardrails.Eval.Tests.Comparison.ComparisonFixtures;

namespace LlmOps.Guardrails.Eval.Tests.Results;

public sealed class EvalRunJsonTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "evalrunjson-" + Guid.NewGuid().ToString("N"));

    public EvalRunJsonTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EvalRun Sample()
    {
        var baseline = Set("classify-ticket",
            new CaseRecord("a", "f1", Result(CaseStatus.Passed, cost: 0.0012345678901234567890m, scores: new[] { ("judge", 0.75), ("contains", 1.0) }),
                new[] { "billing" }),
            Case("b", CaseStatus.Failed),
            Case("gone", CaseStatus.Passed));
        var candidate = Set("classify-ticket",
            new CaseRecord("a", "f1", Result(CaseStatus.Passed, cost: 0.0100m, scores: new[] { ("contains", 1.0), ("judge", 0.5) }),
                new[] { "billing" }),
            new CaseRecord("b", "fp", new CaseResult { Status = CaseStatus.Errored, Error = "HTTP 529 \"overloaded\"\r\nretry", Output = "ünïcødé −" }),
            Case("new", CaseStatus.Passed));
        var comparison = PromptComparer.Compare(baseline, candidate);
        return new EvalRun
        {
            Provenance = new RunProvenance
            {
                StartedAt = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.FromHours(1)),
                FinishedAt = new DateTimeOffset(2026, 11, 24, 6, 1, 2, 345, TimeSpan.Zero),
                Mode = "replay",
                Commit = "abc",
                JudgeModel = "gpt-4o-2024-08-06",
                CatalogPricesCheckedOn = new DateTime(2026, 11, 1),
                Shard = "1/2",
            },
            Prompts = new[] { comparison },
        };
    }

    [Fact]
    public void Round_trip_preserves_everything_and_reserializes_identically()
    {
        var run = Sample();
        string json = EvalRunJson.Serialize(run);
        var back = EvalRunJson.Deserialize(json);

        Assert.Equal(json, EvalRunJson.Serialize(back));
        var p = Assert.Single(back.Prompts);
        Assert.Equal("classify-ticket", p.PromptId);
        Assert.Equal(run.Prompts[0].Verdict, p.Verdict);
        Assert.Equal(0.0012345678901234567890m, p.Cases[0].Baseline!.Cost); // decimals exact
        Assert.Equal(0.0100m.ToString(), p.Cases[0].Candidate!.Cost!.Value.ToString()); // scale kept
        Assert.Equal(CaseChange.Removed, p.Cases.Single(c => c.CaseId == "gone").Change);
        Assert.Null(p.Cases.Single(c => c.CaseId == "gone").Candidate);
        Assert.Equal("HTTP 529 \"overloaded\"\r\nretry", p.Cases.Single(c => c.CaseId == "b").Candidate!.Error);
        Assert.Equal(run.Provenance.StartedAt, back.Provenance.StartedAt);
        Assert.Equal(run.Provenance.StartedAt.Offset, back.Provenance.StartedAt.Offset);
        Assert.Equal(new[] { "billing" }, p.Cases[0].Tags);
    }

    [Fact]
    public void Output_is_camel_case_with_string_enums_and_unix_newlines()
    {
        string json = EvalRunJson.Serialize(Sample());
        Assert.Contains("\"schema\": 1", json);
        Assert.Contains("\"promptId\": \"classify-ticket\"", json);
        Assert.Contains("\"status\": \"errored\"", json);
        Assert.Contains("\"change\": \"removed\"", json);
        Assert.DoesNotContain("\r", json);
        Assert.EndsWith("}\n", json);
    }

    [Fact]
    public void Output_is_deterministic_regardless_of_dictionary_insertion_order()
    {
        string a = EvalRunJson.Serialize(Sample());
        string b = EvalRunJson.Serialize(Sample());
        Assert.Equal(a, b);

        // Candidate scores were added judge-after-contains, baseline's contains-after-judge: both sorted.
        int contains = a.IndexOf("\"contains\":", StringComparison.Ordinal);
        int judge = a.IndexOf("\"judge\":", StringComparison.Ordinal);
        Assert.True(contains < judge);

        var unordered = new VariantSummary { ScorerMeans = new Dictionary<string, double> { ["z"] = 1, ["a"] = 0.5 } };
        var run = Sample();
        var p = run.Prompts[0];
        var swapped = new EvalRun
        {
            Provenance = run.Provenance,
            Prompts = new[]
            {
                new PromptComparison
                {
                    PromptId = p.PromptId, Cases = p.Cases, Baseline = unordered, Candidate = p.Candidate, Verdict = p.Verdict,
                },
            },
        };
        string s = EvalRunJson.Serialize(swapped);
        Assert.True(s.IndexOf("\"a\": 0.5", StringComparison.Ordinal) < s.IndexOf("\"z\": 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Stream_and_text_writer_give_the_same_utf8_bytes_without_bom()
    {
        var run = Sample();
        using var ms = new MemoryStream();
        EvalRunJson.Write(run, ms);
        var sw = new StringWriter();
        EvalRunJson.Write(run, sw);
        byte[] bytes = ms.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal(sw.ToString(), Encoding.UTF8.GetString(bytes));

        ms.Position = 0;
        Assert.Equal("classify-ticket", EvalRunJson.Read(ms).Prompts[0].PromptId);
        Assert.Equal("classify-ticket", EvalRunJson.Read(new StringReader(sw.ToString())).Prompts[0].PromptId);
    }

    [Fact]
    public void Newer_schema_is_refused_with_a_clear_error()
    {
        string json = EvalRunJson.Serialize(Sample()).Replace("\"schema\": 1", "\"schema\": 2");
        var ex = Assert.Throws<EvalRunFormatException>(() => EvalRunJson.Deserialize(json));
        Assert.Contains("schema 2", ex.Message);
        Assert.Contains("update", ex.Message);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"prompts\": []}", "no integer \"schema\"")]
    [InlineData("{\"schema\": 1}", "does not match schema 1")]
    [InlineData("{\"schema\": 0}", "invalid schema")]
    public void Malformed_files_give_format_errors(string json, string expected)
    {
        var ex = Assert.Throws<EvalRunFormatException>(() => EvalRunJson.Deserialize(json));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void WriteFile_then_ReadFile()
    {
        string path = Path.Combine(_dir, "out", "results.json");
        EvalRunJson.WriteFile(Sample(), path);
        Assert.Equal("classify-ticket", EvalRunJson.ReadFile(path).Prompts[0].PromptId);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Atomic_write_leaves_the_old_file_and_no_temp_file_on_failure()
    {
        string path = Path.Combine(_dir, "results.json");
        File.WriteAllText(path, "old content");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("{\"schema\": 1, \"half"));
            throw new IOException("disk full (simulated)");
        }));

        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
    }

    [Fact]
    public void Atomic_write_leaves_no_file_when_there_was_none()
    {
        string path = Path.Combine(_dir, "fresh.json");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("boom")));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Atomic_write_replaces_existing_content()
    {
        string path = Path.Combine(_dir, "results.json");
        File.WriteAllText(path, "old content that is longer than the new one");
        AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes("new")));
        Assert.Equal("new", File.ReadAllText(path));
    }
}
