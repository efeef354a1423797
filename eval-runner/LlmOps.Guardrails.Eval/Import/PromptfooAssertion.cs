using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>
/// One promptfoo assertion as written (in a test, in <c>defaultTest</c>, or in a CSV <c>__expected</c> cell): its type,
/// its value and threshold, and every other key it has, kept so that a disabled copy loses nothing.
/// </summary>
internal sealed record PromptfooAssertion(string Type, JsonNode? Value, double? Threshold, JsonObject Original)
{
    /// <summary>Keys besides type, value and threshold (transform, weight, metric, provider, ...).</summary>
    public IEnumerable<string> OtherKeys
    {
        get
        {
            foreach (var pair in Original)
            {
                if (pair.Key is not ("type" or "value" or "threshold"))
                {
                    yield return pair.Key;
                }
            }
        }
    }

    public static PromptfooAssertion FromJson(JsonObject original)
    {
        var type = original["type"] is JsonValue t && t.TryGetValue(out string? text) ? text : string.Empty;
        double? threshold = original["threshold"] is JsonValue v && v.TryGetValue(out double number) ? number : null;
        return new PromptfooAssertion(type, original["value"]?.DeepClone(), threshold, original);
    }
}
