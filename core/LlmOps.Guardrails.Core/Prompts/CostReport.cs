using System;
using System.Collections.Generic;
using System.Text;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Prompts.Economics;
using static LlmOps.Guardrails.Core.Prompts.Economics.MarkdownFormat;

namespace LlmOps.Guardrails.Core.Prompts;

public enum PromptChange
{
    Unchanged,
    Changed,
    Added,
    Removed,
}

/// <summary>One prompt's before/after figures. Before is null for added prompts, after is null for removed ones.</summary>
public sealed class CostReportLine
{
    public required string Id { get; init; }

    public required PromptChange Change { get; init; }

    public PromptLockEntry? Before { get; init; }

    public PromptLockEntry? After { get; init; }

    /// <summary>Input tokens per call, after vs before, in percent; null when either side is missing or before is 0.</summary>
    public double? InputTokensDeltaPercent { get; init; }

    /// <summary>Cost per call, after vs before, in percent; null when either side has no price (or before costs 0 and after does not).</summary>
    public double? CostDeltaPercent { get; init; }

    /// <summary>Monthly cost (cost per call × calls per day × 30) before and after; null without traffic or price.</summary>
    public decimal? MonthlyBefore { get; init; }

    public decimal? MonthlyAfter { get; init; }

    /// <summary>
    /// When the model changed: the new model's cost per call over the old one's for the same tokens (the after
    /// side's input and output tokens, priced at both models from the catalog); null when either model is unknown.
    /// </summary>
    public double? ModelPriceRatio { get; init; }
}

/// <summary>
/// Token and cost deltas of the current prompts against a baseline lock, written as cost-report.json and
/// cost-report.md (the eval runner and the GitHub Action put the Markdown into the pull-request comment).
/// </summary>
public sealed class CostReport
{
    /// <summary>Up to this many unchanged prompts are listed on one line; more go into a collapsed &lt;details&gt; table.</summary>
    internal const int UnchangedInlineLimit = 3;

    public required string BaselineDescription { get; init; }

    public required IReadOnlyList<CostReportLine> Lines { get; init; }

    /// <summary>Sum of the lines' <see cref="CostReportLine.MonthlyBefore"/> (prompts with traffic and a price); null when none has one.</summary>
    public decimal? MonthlyBefore { get; init; }

    /// <summary>Sum of the lines' <see cref="CostReportLine.MonthlyAfter"/>; null when none has one.</summary>
    public decimal? MonthlyAfter { get; init; }

    /// <summary>False when there was no baseline lock (every prompt is then <see cref="PromptChange.Added"/>).</summary>
    public bool HasBaseline { get; init; } = true;

    /// <summary>
    /// The headline figure: the cost of one call of each prompt present and priced on both sides, after vs before, in
    /// percent. New and removed prompts are left out (they are counted separately); null when no prompt qualifies or
    /// that cost was 0.
    /// </summary>
    public double? CostPerCallDeltaPercent { get; init; }

    /// <summary>
    /// The current prompts with no price: those whose file names no model (and no project default was set) and those
    /// whose model the catalog cannot price. Their tokens are still counted and versioned.
    /// </summary>
    public IReadOnlyList<CostReportLine> Unpriced
    {
        get
        {
            var unpriced = new List<CostReportLine>();
            foreach (var line in Lines)
            {
                if (line.After is { CostPerCall: null })
                {
                    unpriced.Add(line);
                }
            }

            return unpriced;
        }
    }

    public int ChangedCount => Count(PromptChange.Changed);

    public int AddedCount => Count(PromptChange.Added);

    public int RemovedCount => Count(PromptChange.Removed);

    public int UnchangedCount => Count(PromptChange.Unchanged);

    /// <summary>Compares with the built-in catalog's current prices (for model-switch price ratios).</summary>
    public static CostReport Compare(PromptLockFile? baseline, PromptLockFile current, string baselineDescription) =>
        Compare(baseline, current, baselineDescription, ModelCatalog.Default, null);

    /// <summary>
    /// One line per prompt id in either lock, sorted by id: <see cref="PromptChange.Added"/>, <see cref="PromptChange.Removed"/>,
    /// <see cref="PromptChange.Changed"/> (the hash differs) or <see cref="PromptChange.Unchanged"/>. Model-switch price ratios use
    /// <paramref name="catalog"/>'s prices at <paramref name="at"/> (now when null).
    /// </summary>
    public static CostReport Compare(PromptLockFile? baseline, PromptLockFile current, string baselineDescription, ModelCatalog catalog, DateTimeOffset? at = null)
    {
        if (current is null)
        {
            throw new ArgumentNullException(nameof(current));
        }

        if (catalog is null)
        {
            throw new ArgumentNullException(nameof(catalog));
        }

        var before = ById(baseline?.Prompts);
        var after = ById(current.Prompts);
        var ids = new SortedSet<string>(before.Keys, StringComparer.Ordinal);
        ids.UnionWith(after.Keys);

        var lines = new List<CostReportLine>(ids.Count);
        decimal? monthlyBefore = null, monthlyAfter = null;
        decimal basketBefore = 0m, basketAfter = 0m;
        var basketCount = 0;
        foreach (var id in ids)
        {
            before.TryGetValue(id, out var was);
            after.TryGetValue(id, out var now);
            var change = was is null ? PromptChange.Added
                : now is null ? PromptChange.Removed
                : string.Equals(was.Hash, now.Hash, StringComparison.Ordinal) ? PromptChange.Unchanged
                : PromptChange.Changed;

            var line = new CostReportLine
            {
                Id = id,
                Change = change,
                Before = was,
                After = now,
                InputTokensDeltaPercent = was is not null && now is not null && was.InputTokens != 0
                    ? (now.InputTokens - was.InputTokens) * 100.0 / was.InputTokens
                    : null,
                CostDeltaPercent = CostDelta(was?.CostPerCall, now?.CostPerCall),
                MonthlyBefore = MonthlyOf(was),
                MonthlyAfter = MonthlyOf(now),
                ModelPriceRatio = was is not null && now is not null && !string.Equals(was.Model, now.Model, StringComparison.OrdinalIgnoreCase)
                    ? PriceRatio(was.Model, now.Model, now, catalog, at)
                    : null,
            };
            lines.Add(line);

            if (line.MonthlyBefore is { } mb)
            {
                monthlyBefore = (monthlyBefore ?? 0m) + mb;
            }

            if (line.MonthlyAfter is { } ma)
            {
                monthlyAfter = (monthlyAfter ?? 0m) + ma;
            }

            if (was?.CostPerCall is { } cb && now?.CostPerCall is { } ca)
            {
                basketBefore += cb;
                basketAfter += ca;
                basketCount++;
            }
        }

        return new CostReport
        {
            BaselineDescription = baselineDescription ?? string.Empty,
            Lines = lines,
            MonthlyBefore = monthlyBefore,
            MonthlyAfter = monthlyAfter,
            HasBaseline = baseline is not null,
            CostPerCallDeltaPercent = basketCount == 0 ? null : CostDelta(basketBefore, basketAfter),
        };
    }

    /// <summary>
    /// cost-report.json. The shape (format 1; numbers are plain JSON numbers, money in USD written exactly,
    /// percentages and ratios rounded to 4 decimals; absent values are <c>null</c>, every key is always present):
    /// <code>
    /// {
    ///   "formatVersion": 1,
    ///   "baseline": "origin/main (prompts.lock.json)",
    ///   "hasBaseline": true,
    ///   "summary": {
    ///     "changed": 3, "added": 1, "removed": 0, "unchanged": 5,
    ///     "costPerCallDeltaPercent": 18.4211,      // CostPerCallDeltaPercent, or null
    ///     "monthlyBefore": 1204.5,                 // USD per 30-day month, or null
    ///     "monthlyAfter": 1426.05
    ///   },
    ///   "prompts": [                               // one per id in either lock, sorted by id (ordinal)
    ///     {
    ///       "id": "support.classify",
    ///       "change": "changed",                   // "unchanged" | "changed" | "added" | "removed"
    ///       "before": { ...lock entry... },        // the prompts.lock.json entry shape, or null when added
    ///       "after": { ...lock entry... },         // or null when removed
    ///       "inputTokensDeltaPercent": 28.6408,
    ///       "costDeltaPercent": 11.6601,
    ///       "monthlyBefore": 1518,
    ///       "monthlyAfter": 1695,
    ///       "modelPriceRatio": null                // new model's price ÷ old model's for the same tokens
    ///     }
    ///   ]
    /// }
    /// </code>
    /// Written deterministically: 2-space indentation, LF, a trailing newline.
    /// </summary>
    public string ToJson()
    {
        var json = new JsonText();
        json.BeginObject();
        json.Property("formatVersion", 1);
        json.Property("baseline", BaselineDescription);
        json.Property("hasBaseline", HasBaseline);
        json.Name("summary").BeginObject();
        json.Property("changed", ChangedCount);
        json.Property("added", AddedCount);
        json.Property("removed", RemovedCount);
        json.Property("unchanged", UnchangedCount);
        json.Name("costPerCallDeltaPercent").Number(CostPerCallDeltaPercent, 4);
        json.Property("monthlyBefore", MonthlyBefore);
        json.Property("monthlyAfter", MonthlyAfter);
        json.EndObject();
        json.Name("prompts").BeginArray();
        foreach (var line in Lines)
        {
            json.BeginObject();
            json.Property("id", line.Id);
            json.Property("change", ChangeName(line.Change));
            json.Name("before");
            WriteEntryOrNull(json, line.Before);
            json.Name("after");
            WriteEntryOrNull(json, line.After);
            json.Name("inputTokensDeltaPercent").Number(line.InputTokensDeltaPercent, 4);
            json.Name("costDeltaPercent").Number(line.CostDeltaPercent, 4);
            json.Property("monthlyBefore", line.MonthlyBefore);
            json.Property("monthlyAfter", line.MonthlyAfter);
            json.Name("modelPriceRatio").Number(line.ModelPriceRatio, 4);
            json.EndObject();
        }

        json.EndArray();

        // Only written when there are some, so reports of fully priced prompts keep their shape.
        var unpriced = Unpriced;
        if (unpriced.Count > 0)
        {
            json.Name("unpriced").BeginArray();
            foreach (var line in unpriced)
            {
                json.BeginObject();
                json.Property("id", line.Id);
                json.Property("reason", line.After!.Model.Length == 0 ? "no model" : "no price for the model");
                json.EndObject();
            }

            json.EndArray();
        }

        json.EndObject();
        return json.ToString();
    }

    /// <summary>
    /// cost-report.md: the <see cref="Headline"/> in bold, the baseline, then one table of the new, removed and changed
    /// prompts (before → after), and the unchanged prompts on one line (or in a collapsed table when there are many).
    /// </summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("**").Append(Headline()).Append("**\n\n");
        md.Append("Baseline: ").Append(HasBaseline ? Escape(BaselineDescription) : "none" + (BaselineDescription.Length > 0 ? " (" + Escape(BaselineDescription) + ")" : string.Empty))
            .Append(". Monthly = cost per call × calls per day × 30; prompts without calls per day or a price are not in it.\n\n");

        var shown = new List<CostReportLine>();
        var unchanged = new List<CostReportLine>();
        foreach (var line in Lines)
        {
            (line.Change == PromptChange.Unchanged ? unchanged : shown).Add(line);
        }

        if (Lines.Count == 0)
        {
            md.Append("No prompts.\n");
            return md.ToString();
        }

        if (shown.Count == 0)
        {
            md.Append("No prompt changed.\n");
        }
        else
        {
            AppendTable(md, shown);
        }

        if (unchanged.Count > 0 && unchanged.Count <= UnchangedInlineLimit)
        {
            md.Append('\n').Append("Unchanged: ");
            for (var i = 0; i < unchanged.Count; i++)
            {
                md.Append(i == 0 ? string.Empty : ", ").Append(Escape(unchanged[i].Id));
            }

            md.Append(".\n");
        }
        else if (unchanged.Count > UnchangedInlineLimit)
        {
            md.Append("\n<details><summary>").Append(unchanged.Count).Append(" unchanged prompts</summary>\n\n");
            AppendTable(md, unchanged);
            md.Append("\n</details>\n");
        }

        AppendUnpriced(md);
        return md.ToString();
    }

    private void AppendUnpriced(StringBuilder md)
    {
        var unpriced = Unpriced;
        if (unpriced.Count == 0)
        {
            return;
        }

        md.Append("\nUnpriced (tokens counted, no cost): ");
        for (var i = 0; i < unpriced.Count; i++)
        {
            var model = unpriced[i].After!.Model;
            md.Append(i == 0 ? string.Empty : ", ").Append(Escape(unpriced[i].Id))
                .Append(model.Length == 0 ? " (names no model: set LlmOpsDefaultModel)" : " (no price for " + Escape(model) + ")");
        }

        md.Append(".\n");
    }

    /// <summary>
    /// One line: <c>Prompt cost per call: +18.4% (3 changed, 1 new, 0 removed); monthly projection $1,204 → $1,426</c>.
    /// </summary>
    public string Headline()
    {
        var percent = CostPerCallDeltaPercent is { } p ? Percent(p) : "n/a";
        var text = $"Prompt cost per call: {percent} ({ChangedCount} changed, {AddedCount} new, {RemovedCount} removed); ";
        if (MonthlyBefore is { } b && MonthlyAfter is { } a)
        {
            return text + $"monthly projection {Monthly(b)} → {Monthly(a)}";
        }

        if (MonthlyAfter is { } onlyAfter)
        {
            return text + (HasBaseline ? $"monthly projection $0 → {Monthly(onlyAfter)}" : $"monthly projection {Monthly(onlyAfter)}");
        }

        if (MonthlyBefore is { } onlyBefore)
        {
            return text + $"monthly projection {Monthly(onlyBefore)} → $0";
        }

        return text + "no monthly projection (no prompt sets calls per day)";
    }

    private static void AppendTable(StringBuilder md, List<CostReportLine> lines)
    {
        md.Append("| prompt | model | input tokens | Δ tokens | cost/call | per 1k calls | monthly | Δ cost |\n");
        md.Append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var line in lines)
        {
            md.Append("| ").Append(PromptCell(line))
                .Append(" | ").Append(ModelCell(line))
                .Append(" | ").Append(Pair(Tokens(line.Before), Tokens(line.After)))
                .Append(" | ").Append(TokenDeltaCell(line))
                .Append(" | ").Append(Pair(CostCell(line.Before, 1m), CostCell(line.After, 1m)))
                .Append(" | ").Append(Pair(CostCell(line.Before, 1000m), CostCell(line.After, 1000m)))
                .Append(" | ").Append(Pair(MonthlyCell(line.Before, line.MonthlyBefore), MonthlyCell(line.After, line.MonthlyAfter)))
                .Append(" | ").Append(CostDeltaCell(line))
                .Append(" |\n");
        }
    }

    private static string PromptCell(CostReportLine line) => Escape(line.Id) + line.Change switch
    {
        PromptChange.Added => " (new)",
        PromptChange.Removed => " (removed)",
        _ => string.Empty,
    };

    private static string ModelCell(CostReportLine line)
    {
        if (line.Before is { } was && line.After is { } now && !string.Equals(was.Model, now.Model, StringComparison.OrdinalIgnoreCase))
        {
            var ratio = line.ModelPriceRatio is { } r ? $" (×{Ratio(r)} price)" : string.Empty;
            return $"{Escape(was.Model)} → {Escape(now.Model)}{ratio}";
        }

        return Escape((line.After ?? line.Before)?.Model);
    }

    private static string? Tokens(PromptLockEntry? entry) =>
        entry is null ? null : (entry.InputTokensEstimated ? "≈" : string.Empty) + Integer(entry.InputTokens);

    private static string TokenDeltaCell(CostReportLine line)
    {
        if (line.Before is not { } was || line.After is not { } now)
        {
            return line.Change == PromptChange.Added ? "new" : "removed";
        }

        var delta = now.InputTokens - was.InputTokens;
        if (delta == 0)
        {
            return "0";
        }

        var text = (delta > 0 ? "+" : "-") + Integer(Math.Abs(delta));
        return line.InputTokensDeltaPercent is { } p ? $"{text} ({Percent(p)})" : text;
    }

    private static string? CostCell(PromptLockEntry? entry, decimal factor) =>
        entry is null ? null : entry.CostPerCall is { } cost ? Money(cost * factor) : "no price";

    private static string? MonthlyCell(PromptLockEntry? entry, decimal? monthly) =>
        entry is null ? null : monthly is { } m ? Monthly(m) : "—";

    private static string CostDeltaCell(CostReportLine line)
    {
        if (line.Before is null || line.After is null)
        {
            return line.Change == PromptChange.Added ? "new" : "removed";
        }

        var text = line.CostDeltaPercent is { } p ? Percent(p) : "—";
        if (line.MonthlyBefore is { } b && line.MonthlyAfter is { } a && a != b)
        {
            var delta = a - b;
            text += $" ({(delta > 0 ? "+" : "-")}{Monthly(Math.Abs(delta))}/mo)";
        }

        return text;
    }

    private static string Pair(string? before, string? after)
    {
        if (before is null)
        {
            return after ?? string.Empty;
        }

        if (after is null || string.Equals(before, after, StringComparison.Ordinal))
        {
            return before;
        }

        return $"{before} → {after}";
    }

    private int Count(PromptChange change)
    {
        var count = 0;
        foreach (var line in Lines)
        {
            if (line.Change == change)
            {
                count++;
            }
        }

        return count;
    }

    private static Dictionary<string, PromptLockEntry> ById(IReadOnlyList<PromptLockEntry>? entries)
    {
        var map = new Dictionary<string, PromptLockEntry>(StringComparer.Ordinal);
        if (entries is not null)
        {
            foreach (var entry in entries)
            {
                if (!map.ContainsKey(entry.Id))
                {
                    map[entry.Id] = entry;
                }
            }
        }

        return map;
    }

    private static decimal? MonthlyOf(PromptLockEntry? entry) =>
        entry?.CostPerCall is { } cost && entry.CallsPerDay is { } calls ? cost * calls * CostBreakdown.DaysPerMonth : null;

    private static double? CostDelta(decimal? before, decimal? after)
    {
        if (before is not { } b || after is not { } a)
        {
            return null;
        }

        if (b == 0m)
        {
            return a == 0m ? 0.0 : null;
        }

        return (double)((a - b) * 100m / b);
    }

    private static double? PriceRatio(string oldModel, string newModel, PromptLockEntry tokens, ModelCatalog catalog, DateTimeOffset? at)
    {
        try
        {
            var from = PromptEstimator.ResolveModel(oldModel, catalog);
            var to = PromptEstimator.ResolveModel(newModel, catalog);
            if (from is null || to is null)
            {
                return null;
            }

            var usage = new TokenUsage { InputTokens = tokens.InputTokens, OutputTokens = tokens.OutputTokens };
            var when = at ?? DateTimeOffset.UtcNow;
            var oldCost = CostEngine.Calculate(from, usage, when).TotalCost;
            var newCost = CostEngine.Calculate(to, usage, when).TotalCost;
            return oldCost == 0m ? null : (double)(newCost / oldCost);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static void WriteEntryOrNull(JsonText json, PromptLockEntry? entry)
    {
        if (entry is null)
        {
            json.Null();
        }
        else
        {
            PromptLockFile.WriteEntry(json, entry);
        }
    }

    private static string ChangeName(PromptChange change) => change switch
    {
        PromptChange.Changed => "changed",
        PromptChange.Added => "added",
        PromptChange.Removed => "removed",
        _ => "unchanged",
    };
}
