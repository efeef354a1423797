using System;

namespace LlmOps.Guardrails.Core.Catalog.Lookup;

/// <summary>
/// Recognises fine-tuned model ids and the base model inside them: OpenAI's
/// <c>ft:gpt-4o-mini-2024-07-18:org:name:id</c> and Azure OpenAI's <c>gpt-4o-mini-2024-07-18.ft-abc123</c>.
/// </summary>
internal static class FineTuneIds
{
    private const string OpenAiPrefix = "ft:";
    private const string AzureMarker = ".ft-";

    public static bool TryGetBase(ReadOnlySpan<char> id, out ReadOnlySpan<char> baseId)
    {
        if (id.Length > OpenAiPrefix.Length && id.StartsWith(OpenAiPrefix.AsSpan(), StringComparison.OrdinalIgnoreCase))
        {
            var rest = id.Slice(OpenAiPrefix.Length);
            var colon = rest.IndexOf(':');
            baseId = colon < 0 ? rest : rest.Slice(0, colon);
            return baseId.Length > 0;
        }

        var marker = id.IndexOf(AzureMarker.AsSpan(), StringComparison.OrdinalIgnoreCase);
        if (marker > 0)
        {
            baseId = id.Slice(0, marker);
            return true;
        }

        baseId = default;
        return false;
    }
}
