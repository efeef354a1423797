using System;

namespace LlmOps.Guardrails.Core.Catalog.Lookup;

/// <summary>
/// The "provider/" prefixes that SDKs, gateways and config files put before a model id. An owner prefix
/// ("anthropic/") only matches that provider's models; a hosting prefix ("azure/", "vertex_ai/") matches
/// any model, and the Azure ones also reach deployment names.
/// </summary>
internal sealed class IdPrefix
{
    private IdPrefix(string name, string? provider, bool reachesDeployments)
    {
        Name = name;
        Text = name + "/";
        Provider = provider;
        ReachesDeployments = reachesDeployments;
    }

    public static IdPrefix[] All { get; } =
    {
        new("openai", "openai", false),
        new("anthropic", "anthropic", false),
        new("google", "google", false),
        new("gemini", "google", false),
        new("models", "google", false),
        new("mistral", "mistral", false),
        new("mistralai", "mistral", false),
        new("deepseek", "deepseek", false),
        new("deepseek-ai", "deepseek", false),
        new("xai", "xai", false),
        new("x-ai", "xai", false),
        new("vertex_ai", null, false),
        new("azure", null, true),
        new("azure_ai", null, true),
    };

    public string Name { get; }

    /// <summary>The prefix as written, with its slash: reported in <see cref="ModelLookup.Prefix"/> without allocating.</summary>
    public string Text { get; }

    /// <summary>The provider an owner prefix stands for; null for hosting prefixes.</summary>
    public string? Provider { get; }

    public bool ReachesDeployments { get; }

    public bool Accepts(ModelInfo model) =>
        Provider is null || string.Equals(Provider, model.Provider, StringComparison.OrdinalIgnoreCase);

    public static IdPrefix? Match(ReadOnlySpan<char> segment)
    {
        foreach (var prefix in All)
        {
            if (segment.Length == prefix.Name.Length && Same(segment, prefix.Name.AsSpan()))
            {
                return prefix;
            }
        }

        return null;
    }

    private static bool Same(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (TypoSuggester.Fold(a[i]) != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
