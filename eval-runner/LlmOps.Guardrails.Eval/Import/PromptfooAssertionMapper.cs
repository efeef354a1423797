using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>
/// Maps promptfoo assertion types onto the native assertions of docs/eval-config.md. An assertion either maps exactly
/// (same pass/fail on every output) or is kept disabled with the reason; nothing is approximated.
/// </summary>
internal static class PromptfooAssertionMapper
{
    private const string Not = "not-";

    /// <summary>Keys that change what an assertion checks; the native format has no place for them.</summary>
    private static readonly string[] MeaningKeys = { "transform", "provider", "rubricPrompt", "contextTransform", "config" };

    /// <summary>Keys that only label or weigh a result; dropping them does not change pass/fail of the assertion.</summary>
    private static readonly string[] LabelKeys = { "weight", "metric" };

    /// <summary>The native type and assertion for a promptfoo one, or the reason it is kept disabled.</summary>
    public static (JsonObject Native, string? DisabledReason) Map(PromptfooAssertion assertion)
    {
        var reason = Refusal(assertion);
        if (reason is null)
        {
            var native = MapSupported(assertion, out reason);
            if (native is not null)
            {
                return (native, null);
            }
        }

        var disabled = (JsonObject)assertion.Original.DeepClone();
        disabled["disabled"] = reason;
        return (disabled, reason);
    }

    private static string? Refusal(PromptfooAssertion a)
    {
        if (a.Type.Length == 0)
        {
            return "the assertion has no type";
        }

        var meaning = a.OtherKeys.FirstOrDefault(k => MeaningKeys.Contains(k));
        if (meaning is not null)
        {
            return $"'{meaning}' changes what is checked, and native assertions have no such key";
        }

        var other = a.OtherKeys.FirstOrDefault(k => !LabelKeys.Contains(k));
        return other is null ? null : $"the key '{other}' has no native counterpart";
    }

    private static JsonObject? MapSupported(PromptfooAssertion a, out string? reason)
    {
        reason = null;
        var negated = a.Type.StartsWith(Not, StringComparison.Ordinal);
        var baseType = negated ? a.Type.Substring(Not.Length) : a.Type;
        var prefix = negated ? Not : string.Empty;
        switch (baseType)
        {
            case "equals" or "contains" or "icontains":
                if (Text(a.Value) is not { } text)
                {
                    reason = $"'{a.Type}' needs a text value here (an object or list value is compared differently by promptfoo)";
                    return null;
                }

                return new JsonObject { ["type"] = prefix + baseType, ["value"] = text };
            case "contains-any" or "contains-all" or "icontains-any" or "icontains-all":
                if (List(a.Value) is not { Count: > 0 } list)
                {
                    reason = $"'{a.Type}' needs a list of strings (or comma-separated text)";
                    return null;
                }

                var scorer = baseType.StartsWith('i') ? "icontains" : "contains";
                var key = baseType.EndsWith("-any", StringComparison.Ordinal) ? "any" : "all";
                return new JsonObject { ["type"] = prefix + scorer, [key] = new JsonArray(list.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) };
            case "starts-with":
                if (Text(a.Value) is not { Length: > 0 } start)
                {
                    reason = "'starts-with' needs a text value";
                    return null;
                }

                // An anchored, escaped pattern passes exactly when the output starts with the text.
                return new JsonObject { ["type"] = prefix + "regex", ["value"] = "^" + Regex.Escape(start) };
            case "regex":
                if (Text(a.Value) is not { Length: > 0 } pattern)
                {
                    reason = "'regex' needs a pattern";
                    return null;
                }

                return new JsonObject { ["type"] = prefix + "regex", ["value"] = pattern };
            case "is-json":
                return a.Value is null
                    ? new JsonObject { ["type"] = prefix + "is-json" }
                    : new JsonObject { ["type"] = prefix + "json-schema", ["value"] = a.Value.DeepClone() };
            case "cost" or "latency" when !negated:
                // promptfoo reads the limit from threshold; a CSV cell such as "latency: 2000" carries it as the value.
                if ((a.Threshold ?? Number(a.Value)) is not { } limit || limit < 0)
                {
                    reason = $"'{a.Type}' needs a non-negative threshold";
                    return null;
                }

                return new JsonObject { ["type"] = baseType == "cost" ? "cost-max" : "latency-max", ["value"] = limit };
            case "llm-rubric" when !negated:
                if (Text(a.Value) is not { Length: > 0 } rubric)
                {
                    reason = "'llm-rubric' needs a rubric text";
                    return null;
                }

                var judge = new JsonObject { ["type"] = "judge", ["rubric"] = rubric };
                if (a.Threshold is { } threshold)
                {
                    judge["threshold"] = threshold;
                }

                return judge;
            default:
                reason = Unsupported(a.Type, negated, baseType);
                return null;
        }
    }

    /// <summary>Why a type has no native counterpart, by family.</summary>
    private static string Unsupported(string type, bool negated, string baseType) => baseType switch
    {
        "cost" or "latency" or "llm-rubric" when negated => $"'{type}' has no native form: cost-max, latency-max and judge cannot be negated",
        "javascript" or "python" or "ruby" => $"'{type}' runs your own code; no native scorer executes code",
        "webhook" => "'webhook' sends the output to a web service; no native scorer calls out",
        "similar" or "similar:cosine" or "similar:dot" or "similar:euclidean" => $"'{type}' compares embeddings; there is no native embedding scorer",
        "contains-json" => "'contains-json' looks for JSON inside text; native is-json and json-schema require the whole output to be JSON",
        "model-graded-closedqa" or "model-graded-factuality" or "factuality" or "answer-relevance" or "context-faithfulness"
            or "context-recall" or "context-relevance" or "g-eval" or "select-best" or "max-score" or "search-rubric"
            or "conversation-relevance" or "pi" or "classifier" or "moderation" => $"'{type}' is graded with promptfoo's own grading prompt or model; the native judge grades a rubric only (rewrite it as a judge rubric by hand)",
        "levenshtein" or "rouge-n" or "bleu" or "gleu" or "meteor" or "perplexity" or "perplexity-score" or "word-count" => $"'{type}' is a text metric with no native scorer",
        "is-sql" or "contains-sql" or "is-xml" or "contains-xml" or "is-html" or "contains-html" => $"'{type}' parses a format the native scorers do not read",
        "assert-set" => "'assert-set' groups assertions with its own threshold; native assertions all have to pass",
        _ => $"'{type}' has no native counterpart",
    };

    private static double? Number(JsonNode? value) =>
        Text(value) is { } text && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string? Text(JsonNode? value) => value is JsonValue v
        ? v.TryGetValue(out string? s) ? s : v.ToJsonString()
        : null;

    /// <summary>A list of strings, or promptfoo's comma-separated text form.</summary>
    private static List<string>? List(JsonNode? value)
    {
        if (value is JsonArray array)
        {
            var items = array.Select(Text).ToList();
            return items.Any(i => i is null) ? null : items.Select(i => i!).ToList();
        }

        return Text(value) is { } text
            ? text.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList()
            : null;
    }
}
