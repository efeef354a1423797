using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>
/// Reads promptfoo's CSV <c>__expected</c> cells: <c>type: value</c> with an optional <c>type(threshold):</c>, the short
/// forms <c>grade:</c> (llm-rubric), <c>fn:</c>/<c>eval:</c> (javascript) and <c>python:</c>, and plain text (equals).
/// </summary>
internal static partial class PromptfooExpectedCell
{
    /// <summary>Assertion types promptfoo accepts in a cell prefix (each also with <c>not-</c>).</summary>
    private static readonly string[] KnownTypes =
    {
        "equals", "contains", "icontains", "contains-any", "contains-all", "icontains-any", "icontains-all", "starts-with", "regex",
        "is-json", "contains-json", "is-sql", "contains-sql", "is-xml", "contains-xml", "is-html", "contains-html", "javascript", "python",
        "webhook", "similar", "llm-rubric", "model-graded-closedqa", "factuality", "answer-relevance", "context-faithfulness",
        "context-recall", "context-relevance", "levenshtein", "rouge-n", "bleu", "gleu", "meteor", "cost", "latency", "perplexity",
        "perplexity-score", "classifier", "moderation", "g-eval", "is-refusal", "finish-reason", "word-count",
    };

    [GeneratedRegex(@"^(?<type>[a-z][a-z0-9-]*)(\((?<threshold>[0-9.]+)\))?:\s?(?<value>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Prefixed();

    public static PromptfooAssertion Read(string cell)
    {
        var text = cell.Trim();
        foreach (var (prefix, type) in new[] { ("grade:", "llm-rubric"), ("fn:", "javascript"), ("eval:", "javascript"), ("python:", "python") })
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return Build(type, text.Substring(prefix.Length).Trim(), null);
            }
        }

        if (IsKnown(text))
        {
            return Build(text, null, null);
        }

        var match = Prefixed().Match(text);
        if (match.Success && IsKnown(match.Groups["type"].Value))
        {
            double? threshold = match.Groups["threshold"].Success && double.TryParse(match.Groups["threshold"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : null;
            return Build(match.Groups["type"].Value, match.Groups["value"].Value, threshold);
        }

        return Build("equals", cell, null);
    }

    private static bool IsKnown(string type) => KnownTypes.Contains(type.StartsWith("not-", StringComparison.Ordinal) ? type.Substring(4) : type);

    private static PromptfooAssertion Build(string type, string? value, double? threshold)
    {
        var original = new JsonObject { ["type"] = type };
        if (value is not null) original["value"] = value;
        if (threshold is not null) original["threshold"] = threshold;
        return PromptfooAssertion.FromJson(original);
    }
}
