using System.Text.Json;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;
using static LlmOps.Guardrails.Core.Tests.Prompts.Economics.PromptLockFileTests;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Economics;

public class CostReportTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);

    // Prices: gpt-4o-2024-08-06 $2.50 / $10, gpt-4o-mini-2024-07-18 $0.15 / $0.60 per million tokens.
    private static PromptLockFile Baseline() => new(new[]
    {
        Entry("a.classify", "sha256:a1", 3, "gpt-4o-2024-08-06", 400, 100, 0.002m, 10000),
        Entry("b.reply", "sha256:b1", 1, "gpt-4o-mini-2024-07-18", 1000, 200, 0.00027m, 1000),
        Entry("c.old", "sha256:c1", 1, "gpt-4o-2024-08-06", 100, 10, 0.00035m, null),
        Entry("d.same", "sha256:d1", 2, "gpt-4o-2024-08-06", 300, 25, 0.001m, 100),
    });

    private static PromptLockFile Current() => new(new[]
    {
        Entry("a.classify", "sha256:a2", 4, "gpt-4o-2024-08-06", 500, 100, 0.00225m, 10000),
        Entry("b.reply", "sha256:b2", 2, "gpt-4o-2024-08-06", 1000, 200, 0.0045m, 1000),
        Entry("d.same", "sha256:d1", 2, "gpt-4o-2024-08-06", 300, 25, 0.001m, 100),
        Entry("e.new", "sha256:e1", 1, "gpt-4o-mini-2024-07-18", 100, 50, 0.000045m, 2000),
    });

    private static CostReport Report() => CostReport.Compare(Baseline(), Current(), "origin/main", ModelCatalog.Default, At);

    [Fact]
    public void Lines_cover_every_id_with_its_change()
    {
        var report = Report();

        Assert.Equal(new[] { "a.classify", "b.reply", "c.old", "d.same", "e.new" }, report.Lines.Select(l => l.Id));
        Assert.Equal(
            new[] { PromptChange.Changed, PromptChange.Changed, PromptChange.Removed, PromptChange.Unchanged, PromptChange.Added },
            report.Lines.Select(l => l.Change));
        Assert.Equal((2, 1, 1, 1), (report.ChangedCount, report.AddedCount, report.RemovedCount, report.UnchangedCount));
        Assert.Null(report.Lines[2].After);
        Assert.Null(report.Lines[4].Before);
    }

    [Fact]
    public void Deltas_are_exact()
    {
        var report = Report();
        var a = report.Lines[0];
        var b = report.Lines[1];

        Assert.Equal(25.0, a.InputTokensDeltaPercent!.Value, 10);
        Assert.Equal(12.5, a.CostDeltaPercent!.Value, 10);
        Assert.Equal(600m, a.MonthlyBefore);
        Assert.Equal(675m, a.MonthlyAfter);
        Assert.Null(a.ModelPriceRatio);

        Assert.Equal(0.0, b.InputTokensDeltaPercent!.Value, 10);
        Assert.Equal((0.0045 - 0.00027) / 0.00027 * 100, b.CostDeltaPercent!.Value, 8);
        Assert.Equal(8.1m, b.MonthlyBefore);
        Assert.Equal(135m, b.MonthlyAfter);
        Assert.Equal(0.0045 / 0.00027, b.ModelPriceRatio!.Value, 8);

        var removed = report.Lines[2];
        Assert.Null(removed.MonthlyBefore);
        Assert.Null(removed.CostDeltaPercent);
        Assert.Null(removed.InputTokensDeltaPercent);

        Assert.Equal(2.7m, report.Lines[4].MonthlyAfter);

        Assert.Equal(611.1m, report.MonthlyBefore);
        Assert.Equal(815.7m, report.MonthlyAfter);
        Assert.Equal((0.00775 - 0.00327) / 0.00327 * 100, report.CostPerCallDeltaPercent!.Value, 8);
    }

    [Fact]
    public void Markdown_has_the_headline_and_one_table()
    {
        var markdown = Report().ToMarkdown();
        var lines = markdown.Split('\n');

        Assert.Equal("**Prompt cost per call: +137.0% (2 changed, 1 new, 1 removed); monthly projection $611 → $816**", lines[0]);
        Assert.Contains("| prompt | model | input tokens | Δ tokens | cost/call | per 1k calls | monthly | Δ cost |", lines);
        Assert.Contains("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |", lines);
        Assert.Contains("| a.classify | gpt-4o-2024-08-06 | 400 → 500 | +100 (+25.0%) | $0.002 → $0.00225 | $2.00 → $2.25 | $600 → $675 | +12.5% (+$75.00/mo) |", lines);
        Assert.Contains("| b.reply | gpt-4o-mini-2024-07-18 → gpt-4o-2024-08-06 (×16.7 price) | 1,000 | 0 | $0.00027 → $0.0045 | $0.27 → $4.50 | $8.10 → $135 | +1,566.7% (+$127/mo) |", lines);
        Assert.Contains("| c.old (removed) | gpt-4o-2024-08-06 | 100 | removed | $0.00035 | $0.35 | — | removed |", lines);
        Assert.Contains("| e.new (new) | gpt-4o-mini-2024-07-18 | 100 | new | $0.000045 | $0.045 | $2.70 | new |", lines);
        Assert.Contains("Unchanged: d.same.", lines);
        Assert.Equal(1, lines.Count(l => l.StartsWith("| prompt |", StringComparison.Ordinal)));
        Assert.DoesNotContain("| d.same", markdown);
        Assert.EndsWith("\n", markdown);
        Assert.DoesNotContain("\r", markdown);
    }

    [Fact]
    public void Markdown_escapes_ids_and_models()
    {
        var baseline = new PromptLockFile(new[] { Entry("x|y", "h1", model: "m<b>") });
        var current = new PromptLockFile(new[] { Entry("x|y", "h2", model: "m<b>", input: 500) });
        var markdown = CostReport.Compare(baseline, current, "main | *bold*", ModelCatalog.Default, At).ToMarkdown();

        Assert.Contains("| x\\|y | m&lt;b&gt; | 412 → 500 |", markdown);
        Assert.Contains("Baseline: main \\| \\*bold\\*.", markdown);
    }

    [Fact]
    public void Many_unchanged_prompts_collapse_into_a_details_block()
    {
        var entries = Enumerable.Range(1, 6).Select(i => Entry("p" + i, "h" + i)).ToArray();
        var current = entries.Take(5).Append(Entry("p6", "changed")).ToArray();
        var markdown = CostReport.Compare(new PromptLockFile(entries), new PromptLockFile(current), "main", ModelCatalog.Default, At).ToMarkdown();

        Assert.Contains("<details><summary>5 unchanged prompts</summary>", markdown);
        Assert.Contains("</details>", markdown);
        Assert.StartsWith("**Prompt cost per call: 0.0% (1 changed, 0 new, 0 removed); monthly projection $9,108 → $9,108**", markdown);
    }

    [Fact]
    public void No_change_says_so_instead_of_an_empty_table()
    {
        var markdown = CostReport.Compare(Current(), Current(), "main", ModelCatalog.Default, At).ToMarkdown();

        Assert.StartsWith("**Prompt cost per call: 0.0% (0 changed, 0 new, 0 removed); monthly projection $816 → $816**\n", markdown);
        Assert.Contains("\nNo prompt changed.\n", markdown);
        Assert.Contains("<details><summary>4 unchanged prompts</summary>", markdown);
    }

    [Fact]
    public void Without_a_baseline_everything_is_new()
    {
        var report = CostReport.Compare(null, Current(), "no baseline", ModelCatalog.Default, At);

        Assert.False(report.HasBaseline);
        Assert.All(report.Lines, l => Assert.Equal(PromptChange.Added, l.Change));
        Assert.Null(report.MonthlyBefore);
        Assert.Equal(815.7m, report.MonthlyAfter);
        Assert.StartsWith("**Prompt cost per call: n/a (0 changed, 4 new, 0 removed); monthly projection $816**", report.ToMarkdown());
    }

    [Fact]
    public void Unknown_model_switch_has_no_price_ratio()
    {
        var baseline = new PromptLockFile(new[] { Entry("p", "h1", model: "gpt-4o-2024-08-06") });
        var current = new PromptLockFile(new[] { Entry("p", "h2", model: "acme-llm-9000", cost: null) });
        var report = CostReport.Compare(baseline, current, "main", ModelCatalog.Default, At);

        Assert.Null(report.Lines[0].ModelPriceRatio);
        Assert.Null(report.Lines[0].CostDeltaPercent);
        Assert.Contains("| p | gpt-4o-2024-08-06 → acme-llm-9000 | 412 | 0 | $0.00253 → no price |", report.ToMarkdown());
    }

    [Fact]
    public void Json_has_the_documented_shape_and_is_stable()
    {
        var report = Report();
        var json = report.ToJson();

        Assert.Equal(json, Report().ToJson());
        Assert.EndsWith("}\n", json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("origin/main", root.GetProperty("baseline").GetString());
        var summary = root.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("changed").GetInt32());
        Assert.Equal(1, summary.GetProperty("added").GetInt32());
        Assert.Equal(1, summary.GetProperty("removed").GetInt32());
        Assert.Equal(1, summary.GetProperty("unchanged").GetInt32());
        Assert.Equal(611.1m, summary.GetProperty("monthlyBefore").GetDecimal());
        Assert.Equal(815.7m, summary.GetProperty("monthlyAfter").GetDecimal());
        Assert.Equal(137.0031m, summary.GetProperty("costPerCallDeltaPercent").GetDecimal());

        var prompts = root.GetProperty("prompts");
        Assert.Equal(5, prompts.GetArrayLength());
        var b = prompts[1];
        Assert.Equal("changed", b.GetProperty("change").GetString());
        Assert.Equal(16.6667m, b.GetProperty("modelPriceRatio").GetDecimal());
        Assert.Equal("gpt-4o-mini-2024-07-18", b.GetProperty("before").GetProperty("model").GetString());
        Assert.Equal(0.0045m, b.GetProperty("after").GetProperty("costPerCall").GetDecimal());
        Assert.Equal(JsonValueKind.Null, prompts[2].GetProperty("after").ValueKind);
        Assert.Equal("removed", prompts[2].GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, prompts[4].GetProperty("before").ValueKind);
    }
}
