using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Catalog.Lookup;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>
/// Reads one YAML mapping against the keys the schema allows: unknown keys fail at once (with the nearest
/// valid key as a hint), so a typo such as <c>cahced_input</c> is never silently ignored.
/// </summary>
internal sealed class MappingReader
{
    public MappingReader(YNode node, string what, IReadOnlyList<string> allowedKeys)
    {
        if (node is not YMapping mapping)
        {
            throw node.Spot().Error(CatalogErrorCodes.WrongType, $"{Capitalize(what)} must be a mapping of keys to values, not {node.Describe()}.");
        }

        Node = mapping;
        What = what;
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (!Contains(allowedKeys, key))
            {
                var nearest = TypoSuggester.Nearest(key, allowedKeys);
                var hint = nearest is null
                    ? $"Allowed keys: {string.Join(", ", allowedKeys)}."
                    : $"Did you mean '{nearest}'?";
                throw entry.Key.Spot().Error(CatalogErrorCodes.UnknownKey, $"Unknown key '{key}' in {what}. {hint}");
            }
        }
    }

    public YMapping Node { get; }

    /// <summary>What the mapping is, for messages: "model 'gpt-4o'", "a price".</summary>
    public string What { get; }

    public bool Has(string key) => Node.Find(key) is not null;

    public YNode? Get(string key) => Node.Find(key)?.Value;

    /// <summary>Where the key itself is written; for errors about the key rather than its value.</summary>
    public SourceSpot KeyAt(string key) => (Node.Find(key)?.Key ?? (YNode)Node).Spot();

    public YNode Required(string key, string hint)
    {
        if (Node.Find(key) is { } entry)
        {
            return entry.Value;
        }

        throw Node.Spot().Error(CatalogErrorCodes.MissingField, $"{Capitalize(What)} has no '{key}'. {hint}");
    }

    private static bool Contains(IReadOnlyList<string> keys, string key)
    {
        foreach (var candidate in keys)
        {
            if (string.Equals(candidate, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
