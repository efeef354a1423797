using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Economics;

public class PromptLockFileTests
{
    internal static PromptLockEntry Entry(
        string id,
        string hash = "sha256:aaaa",
        int version = 1,
        string model = "gpt-4o-2024-08-06",
        long input = 412,
        long output = 150,
        decimal? cost = 0.00253m,
        long? calls = 20000,
        bool estimated = false) => new()
    {
        Id = id,
        Version = version,
        Hash = hash,
        Model = model,
        InputTokens = input,
        InputTokensEstimated = estimated,
        OutputTokens = output,
        CostPerCall = cost,
        CallsPerDay = calls,
        PricesCheckedOn = new DateTime(2025, 7, 4),
        File = "prompts/" + id + ".prompt.yaml",
    };

    private const string Golden =
        "{\n" +
        "  \"formatVersion\": 1,\n" +
        "  \"prompts\": [\n" +
        "    {\n" +
        "      \"id\": \"support.classify\",\n" +
        "      \"version\": 3,\n" +
        "      \"hash\": \"sha256:aaaa\",\n" +
        "      \"model\": \"gpt-4o-2024-08-06\",\n" +
        "      \"inputTokens\": 412,\n" +
        "      \"inputTokensEstimated\": false,\n" +
        "      \"outputTokens\": 150,\n" +
        "      \"costPerCall\": 0.00253,\n" +
        "      \"callsPerDay\": 20000,\n" +
        "      \"pricesCheckedOn\": \"2025-07-04\",\n" +
        "      \"file\": \"prompts/support.classify.prompt.yaml\"\n" +
        "    },\n" +
        "    {\n" +
        "      \"id\": \"support.reply\",\n" +
        "      \"version\": 1,\n" +
        "      \"hash\": \"sha256:bbbb\",\n" +
        "      \"model\": \"claude-sonnet-4-5-20250929\",\n" +
        "      \"inputTokens\": 1200,\n" +
        "      \"inputTokensEstimated\": true,\n" +
        "      \"outputTokens\": 600,\n" +
        "      \"costPerCall\": null,\n" +
        "      \"callsPerDay\": null,\n" +
        "      \"pricesCheckedOn\": \"2025-07-04\",\n" +
        "      \"file\": \"prompts/support.reply.prompt.yaml\"\n" +
        "    }\n" +
        "  ]\n" +
        "}\n";

    private static PromptLockFile Sample() => new(new[]
    {
        // Deliberately out of order: serialisation sorts by id.
        Entry("support.reply", "sha256:bbbb", 1, "claude-sonnet-4-5-20250929", 1200, 600, null, null, estimated: true),
        Entry("support.classify", "sha256:aaaa", 3),
    });

    [Fact]
    public void Serializes_to_the_documented_shape_sorted_by_id()
    {
        Assert.Equal(Golden, Sample().Serialize());
    }

    [Fact]
    public void Serialization_is_deterministic_and_round_trips()
    {
        var lockFile = Sample();
        var first = lockFile.Serialize();
        Assert.Equal(first, lockFile.Serialize());
        Assert.DoesNotContain("\r", first);
        Assert.EndsWith("}\n", first);

        var diagnostics = new List<PromptDiagnostic>();
        var parsed = PromptLockFile.Parse(first, "prompts.lock.json", diagnostics);

        Assert.Empty(diagnostics);
        Assert.NotNull(parsed);
        Assert.Equal(lockFile, parsed);
        Assert.Equal(PromptLockFile.SortedById(lockFile.Prompts), parsed!.Prompts);
        Assert.Equal(first, parsed.Serialize());
    }

    [Fact]
    public void Decimals_are_written_exactly_without_exponent_or_rounding()
    {
        var tiny = new PromptLockFile(new[] { Entry("a", cost: 0.0000000001234567890123m), Entry("b", cost: 12345678.000000001m), Entry("c", cost: 0.002530m) });
        var text = tiny.Serialize();

        Assert.Contains("\"costPerCall\": 0.0000000001234567890123,", text);
        Assert.Contains("\"costPerCall\": 12345678.000000001,", text);
        Assert.Contains("\"costPerCall\": 0.00253,", text);
        Assert.DoesNotContain("E-", text, StringComparison.OrdinalIgnoreCase);

        var parsed = PromptLockFile.Parse(text, "x", new List<PromptDiagnostic>())!;
        Assert.Equal(0.0000000001234567890123m, parsed.Prompts[0].CostPerCall);
        Assert.Equal(12345678.000000001m, parsed.Prompts[1].CostPerCall);
    }

    [Fact]
    public void Serialization_ignores_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(Golden, Sample().Serialize());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Strings_are_escaped()
    {
        var odd = new PromptLockFile(new[] { Entry("quote\"back\\slash\nline\u0001ünï") });
        var text = odd.Serialize();
        Assert.Contains("\"id\": \"quote\\\"back\\\\slash\\nline\\u0001ünï\"", text);
        Assert.Equal(odd, PromptLockFile.Parse(text, "x", new List<PromptDiagnostic>()));
    }

    [Fact]
    public void Empty_lock_serializes_to_an_empty_array()
    {
        var text = new PromptLockFile(Array.Empty<PromptLockEntry>()).Serialize();
        Assert.Equal("{\n  \"formatVersion\": 1,\n  \"prompts\": []\n}\n", text);
        Assert.Empty(PromptLockFile.Parse(text, "x", new List<PromptDiagnostic>())!.Prompts);
    }

    [Fact]
    public void Update_keeps_bumps_and_starts_versions()
    {
        var previous = new PromptLockFile(new[]
        {
            Entry("same", "sha256:1", version: 3),
            Entry("edited", "sha256:1", version: 7),
            Entry("gone", "sha256:1", version: 2),
        });

        var updated = PromptLockFile.Update(previous, new[]
        {
            Entry("new", "sha256:9", version: 42),
            Entry("same", "sha256:1", input: 999),
            Entry("edited", "sha256:2"),
        });

        Assert.Equal(new[] { "edited", "new", "same" }, updated.Prompts.Select(p => p.Id));
        Assert.Equal(8, updated.Find("edited")!.Version);
        Assert.Equal(1, updated.Find("new")!.Version);
        Assert.Equal(3, updated.Find("same")!.Version);
        Assert.Equal(999, updated.Find("same")!.InputTokens);
        Assert.Null(updated.Find("gone"));
    }

    [Fact]
    public void Update_without_a_previous_lock_starts_everything_at_1()
    {
        var updated = PromptLockFile.Update(null, new[] { Entry("b", version: 5), Entry("a", version: 2) });
        Assert.All(updated.Prompts, p => Assert.Equal(1, p.Version));
        Assert.Equal(new[] { "a", "b" }, updated.Prompts.Select(p => p.Id));
    }

    [Fact]
    public void Update_is_stable_when_nothing_changed()
    {
        var first = PromptLockFile.Update(null, new[] { Entry("a", "sha256:1") });
        var second = PromptLockFile.Update(first, new[] { Entry("a", "sha256:1") });
        Assert.Equal(first.Serialize(), second.Serialize());
    }

    [Fact]
    public void Differences_say_exactly_why_the_lock_is_stale()
    {
        var committed = new PromptLockFile(new[]
        {
            Entry("support.classify", "sha256:1", version: 3, input: 412),
            Entry("support.old", "sha256:1"),
            Entry("support.same", "sha256:1"),
        });
        var expected = new PromptLockFile(new[]
        {
            Entry("support.classify", "sha256:2", version: 4, input: 530, cost: 0.0028m),
            Entry("support.reply", "sha256:1"),
            Entry("support.same", "sha256:1"),
        });

        Assert.Equal(
            new[]
            {
                "support.classify: hash changed (version 3 → 4)",
                "support.classify: input tokens 412 → 530",
                "support.classify: cost per call $0.00253 → $0.0028",
                "support.old: removed",
                "support.reply: new prompt",
            },
            committed.Differences(expected));
        Assert.Empty(committed.Differences(committed));
        Assert.Empty(expected.Differences(new PromptLockFile(expected.Prompts.Reverse().ToArray())));
    }

    [Fact]
    public void Differences_report_model_and_traffic_changes()
    {
        var committed = new PromptLockFile(new[] { Entry("p", model: "gpt-4o-mini-2024-07-18", calls: 100) });
        var expected = new PromptLockFile(new[] { Entry("p", model: "gpt-4o-2024-08-06", calls: null) });
        Assert.Equal(
            new[] { "p: model gpt-4o-mini-2024-07-18 → gpt-4o-2024-08-06", "p: calls per day 100 → none" },
            committed.Differences(expected));
    }

    [Fact]
    public void Entry_from_an_estimate_uses_forward_slashes_and_the_day_only()
    {
        var prompt = new PromptDefinition { Id = "support.classify", Model = "gpt-4o", CallsPerDay = 500 };
        var estimate = new PromptEstimate
        {
            Model = "gpt-4o-2024-08-06",
            InputTokens = 412,
            OutputTokens = 150,
            CostPerCall = 0.00253m,
            PricesCheckedOn = new DateTime(2025, 7, 4, 13, 0, 0),
        };

        var entry = PromptLockEntry.From(prompt, "sha256:abc", estimate, "prompts\\classify.prompt.yaml");

        Assert.Equal("prompts/classify.prompt.yaml", entry.File);
        Assert.Equal("gpt-4o-2024-08-06", entry.Model);
        Assert.Equal(1, entry.Version);
        Assert.Equal(500, entry.CallsPerDay);
        Assert.Equal(new DateTime(2025, 7, 4), entry.PricesCheckedOn);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "empty", "" },
        { "whitespace", "   \n  " },
        { "not json", "this is not json" },
        { "truncated", "{\"formatVersion\": 1, \"prompts\": [" },
        { "trailing comma", "{\"formatVersion\": 1, \"prompts\": [],}" },
        { "comment", "// hi\n{\"formatVersion\": 1, \"prompts\": []}" },
        { "root is array", "[]" },
        { "missing formatVersion", "{\"prompts\": []}" },
        { "unknown formatVersion", "{\"formatVersion\": 2, \"prompts\": []}" },
        { "formatVersion string", "{\"formatVersion\": \"1\", \"prompts\": []}" },
        { "prompts not array", "{\"formatVersion\": 1, \"prompts\": {}}" },
        { "missing prompts", "{\"formatVersion\": 1}" },
        { "unknown root key", "{\"formatVersion\": 1, \"prompts\": [], \"extra\": true}" },
        { "entry not object", "{\"formatVersion\": 1, \"prompts\": [42]}" },
        { "missing id", Lock("\"version\": 1, \"hash\": \"h\", \"model\": \"m\", \"inputTokens\": 1, \"outputTokens\": 1, \"file\": \"f\"") },
        { "version zero", Lock(Fields(version: "0")) },
        { "version fractional", Lock(Fields(version: "1.5")) },
        { "version string", Lock(Fields(version: "\"3\"")) },
        { "negative input tokens", Lock(Fields(input: "-5")) },
        { "negative cost", Lock(Fields(cost: "-0.001")) },
        { "cost as string", Lock(Fields(cost: "\"0.001\"")) },
        { "huge cost", Lock(Fields(cost: "1e400")) },
        { "negative calls", Lock(Fields(calls: "-1")) },
        { "bad date", Lock(Fields(date: "\"04/07/2025\"")) },
        { "bool as string", Lock(Fields(estimated: "\"no\"")) },
        { "duplicate key", Lock(Fields() + ", \"id\": \"again\"") },
        { "unknown entry key", Lock(Fields() + ", \"colour\": \"blue\"") },
        { "duplicate ids", "{\"formatVersion\": 1, \"prompts\": [{" + Fields() + "}, {" + Fields() + "}]}" },
        { "trailing garbage", "{\"formatVersion\": 1, \"prompts\": []} {}" },
        { "null id", Lock(Fields(id: "null")) },
    };

    private static string Lock(string fields) => "{\"formatVersion\": 1, \"prompts\": [{" + fields + "}]}";

    private static string Fields(
        string id = "\"a\"", string version = "1", string input = "10", string cost = "0.001", string calls = "5", string date = "\"2025-07-04\"", string estimated = "false") =>
        $"\"id\": {id}, \"version\": {version}, \"hash\": \"sha256:x\", \"model\": \"gpt-4o-2024-08-06\", \"inputTokens\": {input}, " +
        $"\"inputTokensEstimated\": {estimated}, \"outputTokens\": 3, \"costPerCall\": {cost}, \"callsPerDay\": {calls}, \"pricesCheckedOn\": {date}, \"file\": \"f.prompt.yaml\"";

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_locks_are_LLMP015_and_never_throw(string name, string text)
    {
        var diagnostics = new List<PromptDiagnostic>();
        var parsed = PromptLockFile.Parse(text, "src/prompts.lock.json", diagnostics);

        Assert.True(parsed is null, name);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal(PromptDiagnosticCodes.InvalidLock, d.Code);
            Assert.True(d.IsError);
            Assert.Equal("src/prompts.lock.json", d.File);
            Assert.True(d.Line >= 1 && d.Column >= 1);
        });
    }

    [Fact]
    public void The_well_formed_fixture_used_by_the_malformed_cases_parses()
    {
        var diagnostics = new List<PromptDiagnostic>();
        var parsed = PromptLockFile.Parse(Lock(Fields()), "x", diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(0.001m, parsed!.Prompts[0].CostPerCall);
    }

    [Fact]
    public void Syntax_errors_point_at_a_one_based_line_and_column()
    {
        var diagnostics = new List<PromptDiagnostic>();
        var text = "{\n  \"formatVersion\": 1,\n  \"prompts\": [\n    oops\n  ]\n}\n";

        Assert.Null(PromptLockFile.Parse(text, "prompts.lock.json", diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(4, diagnostic.Line);
        Assert.Equal(5, diagnostic.Column);
        Assert.StartsWith("prompts.lock.json(4,5): error LLMP015: ", diagnostic.ToString());
    }

    [Fact]
    public void Validation_errors_point_at_the_offending_value()
    {
        var text = Golden.Replace("\"inputTokens\": 1200,", "\"inputTokens\": -1200,");
        var diagnostics = new List<PromptDiagnostic>();

        Assert.Null(PromptLockFile.Parse(text, "prompts.lock.json", diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(22, diagnostic.Line);
        Assert.Equal(22, diagnostic.Column);
        Assert.Contains("support.reply", diagnostic.Message);
        Assert.Contains("inputTokens", diagnostic.Message);
    }

    [Fact]
    public void Unknown_format_version_says_what_to_do()
    {
        var diagnostics = new List<PromptDiagnostic>();
        Assert.Null(PromptLockFile.Parse("{\"formatVersion\": 2, \"prompts\": []}", "prompts.lock.json", diagnostics));
        Assert.Contains("Update the LlmOps.Guardrails packages", Assert.Single(diagnostics).Message);
    }
}
