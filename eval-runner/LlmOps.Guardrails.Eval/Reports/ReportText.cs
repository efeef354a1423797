using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Reports;

/// <summary>
/// Formatting and escaping shared by the reports. Everything is culture-invariant and uses "\n" line ends, so the
/// same run renders to the same bytes on every machine.
/// </summary>
internal static class ReportText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const string ZeroWidthJoiner = "\u200D";

    // ---- numbers -------------------------------------------------------------------------------------------------

    public static string Money(decimal value) =>
        (value < 0 ? "-$" : "$") + Math.Abs(value).ToString(Math.Abs(value) >= 0.01m || value == 0 ? "#,0.00" : "0.00####", Inv);

    public static string Money(decimal? value) => value is { } v ? Money(v) : "n/a";

    /// <summary>The minus sign of every signed number in the reports (U+2212, as the headline uses).</summary>
    public const string Minus = "\u2212";

    public static string SignedMoney(decimal delta) => (delta > 0 ? "+" : delta < 0 ? Minus : "±") + Money(Math.Abs(delta));

    /// <summary>"+18%", "-3%", "±0%", or "new" when the base is zero.</summary>
    public static string RelativeChange(decimal baseValue, decimal newValue)
    {
        if (baseValue == 0)
        {
            return newValue == 0 ? "±0%" : "new";
        }

        var pct = (newValue - baseValue) / Math.Abs(baseValue) * 100m;
        var rounded = Math.Round(pct, 0, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "±0%" : (rounded > 0 ? "+" : Minus) + Math.Abs(rounded).ToString("0", Inv) + "%";
    }

    public static string RelativeChange(double baseValue, double newValue) =>
        RelativeChange((decimal)baseValue, (decimal)newValue);

    public static string Percent(double rate) => (rate * 100).ToString("0", Inv) + "%";

    public static string PercentOneDecimal(double rate) => (rate * 100).ToString("0.#", Inv) + "%";

    /// <summary>Percentage points, signed: "+10 pts", "-3.5 pts", "±0 pts".</summary>
    public static string Points(double baseRate, double newRate) => Points(newRate - baseRate);

    /// <summary>A rate difference (fraction) as signed percentage points.</summary>
    public static string Points(double delta)
    {
        var pts = Math.Round(delta * 100, 1, MidpointRounding.AwayFromZero);
        return pts == 0 ? "±0 pts" : (pts > 0 ? "+" : Minus) + Math.Abs(pts).ToString("0.#", Inv) + " pts";
    }

    public static string Signed(double value, string format)
    {
        var text = value.ToString(format, Inv);
        if (double.Parse(text, Inv) == 0)
        {
            return "±" + Math.Abs(0.0).ToString(format, Inv);
        }

        return value > 0 ? "+" + text : Minus + text.TrimStart('-');
    }

    public static string Number(double value, string format) => value.ToString(format, Inv);

    public static string Number(decimal value, string format) => value.ToString(format, Inv);

    public static string Number(long value) => value.ToString(Inv);

    public static string Date(DateTime value) => value.ToString("yyyy-MM-dd", Inv);

    public static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv);

    public static string Status(CaseStatus? status) => status switch
    {
        CaseStatus.Passed => "passed",
        CaseStatus.Failed => "failed",
        CaseStatus.Errored => "errored",
        _ => "absent",
    };

    public static string Verdict(PromptVerdict verdict) => verdict switch
    {
        PromptVerdict.Improved => "improved",
        PromptVerdict.Regressed => "regressed",
        PromptVerdict.Inconclusive => "inconclusive",
        PromptVerdict.Removed => "removed",
        _ => "unchanged",
    };

    /// <summary>A commit id as git shows it abbreviated (7 hex digits); anything that is not a full hex id as given.</summary>
    public static string ShortCommit(string? commit) =>
        commit is null ? "n/a" : commit.Length > 7 && commit.All(Uri.IsHexDigit) ? commit[..7] : commit;

    // ---- text hygiene ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Removes characters no report format can carry: C0/C1 controls (except tab and newline, kept when
    /// <paramref name="keepNewlines"/>), lone surrogates, U+FFFE/U+FFFF, and bidi overrides that could disguise text.
    /// "\r\n" and "\r" become "\n".
    /// </summary>
    public static string Clean(string? text, bool keepNewlines = true)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                c = '\n';
            }

            if (c == '\n')
            {
                sb.Append(keepNewlines ? '\n' : ' ');
                continue;
            }

            if (c == '\t')
            {
                sb.Append(keepNewlines ? '\t' : ' ');
                continue;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append(c).Append(text[i + 1]);
                    i++;
                }

                continue;
            }

            if (char.IsLowSurrogate(c) || c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\uFFFE' || c == '\uFFFF'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'))
            {
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Cuts text to <paramref name="max"/> characters (never inside a surrogate pair) and says so.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "… (" + (text.Length - cut).ToString(Inv) + " more characters)";
    }

    /// <summary>
    /// Markdown-escapes untrusted text for inline use (table cells, list items, summaries): one line, no HTML,
    /// no emphasis/link/code syntax, pipes escaped for tables, and @mentions broken with a zero-width joiner.
    /// </summary>
    public static string MarkdownInline(string? text)
    {
        var clean = Clean(text, keepNewlines: false);
        var sb = new StringBuilder(clean.Length + 8);
        foreach (var c in clean)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '@': sb.Append('@').Append(ZeroWidthJoiner); break;
                case '\\' or '`' or '|' or '*' or '_' or '[' or ']' or '~' or '#' or '!' or '$':
                    sb.Append('\\').Append(c);
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// A fenced code block that no content can close: the fence is one backtick longer than the longest backtick run
    /// in the content (at least three). Mentions and HTML are inert inside code blocks.
    /// </summary>
    public static string MarkdownFence(string? content, string info = "text")
    {
        var clean = Clean(content);
        var longest = 0;
        var run = 0;
        foreach (var c in clean)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        var body = clean.EndsWith('\n') ? clean : clean + "\n";
        return fence + info + "\n" + body + fence + "\n";
    }

    public static string Html(string? text)
    {
        var clean = Clean(text);
        var sb = new StringBuilder(clean.Length + 16);
        foreach (var c in clean)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    // ---- ordering and selection ------------------------------------------------------------------------------------

    public static IEnumerable<PromptComparison> OrderedPrompts(EvalRun run) =>
        run.Prompts.OrderBy(p => p.PromptId, StringComparer.Ordinal);

    /// <summary>True when both variants ran the case and their outcomes differ.</summary>
    public static bool OutcomeChanged(CaseComparison c) =>
        c.Baseline is not null && c.Candidate is not null && c.Baseline.Status != c.Candidate.Status;

    public static bool IsRegression(CaseComparison c) =>
        OutcomeChanged(c) && c.Baseline!.Status == CaseStatus.Passed;

    /// <summary>Changed outcomes, regressions first, then improvements, then the rest; each group by case id.</summary>
    public static IReadOnlyList<CaseComparison> ChangedOutcomes(PromptComparison prompt) =>
        prompt.Cases.Where(OutcomeChanged)
            .OrderBy(c => IsRegression(c) ? 0 : c.Candidate!.Status == CaseStatus.Passed ? 1 : 2)
            .ThenBy(c => c.CaseId, StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<CaseComparison> ByChange(PromptComparison prompt, CaseChange change) =>
        prompt.Cases.Where(c => c.Change == change).OrderBy(c => c.CaseId, StringComparer.Ordinal).ToList();

    public static IEnumerable<string> ScorerNames(PromptComparison prompt) =>
        prompt.Baseline.ScorerMeans.Keys.Union(prompt.Candidate.ScorerMeans.Keys, StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal);

    /// <summary>The reasons of the scorers that failed or errored on a result, "scorer: reason".</summary>
    public static IEnumerable<string> FailureReasons(CaseResult? result)
    {
        if (result is null)
        {
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(result.Error))
        {
            yield return "error: " + result.Error;
        }

        foreach (var score in result.Scores.Where(s => !s.Passed || s.Errored))
        {
            yield return score.Scorer + (score.Errored ? " (errored)" : "") + ": " + (score.Reason ?? "failed");
        }
    }

    public static decimal TotalJudgeCost(EvalRun run) =>
        run.Prompts.Sum(p => p.Baseline.JudgeCost + p.Candidate.JudgeCost);
}
