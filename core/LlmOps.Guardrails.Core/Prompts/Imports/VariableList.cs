using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>Variables in the order they are first declared, each filled from the best sample source available.</summary>
internal sealed class VariableList
{
    private readonly List<Entry> _entries = new();
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);

    public bool Contains(string name) => _byName.ContainsKey(name);

    public IEnumerable<string> Names
    {
        get
        {
            foreach (var entry in _entries)
            {
                yield return entry.Name;
            }
        }
    }

    /// <summary>False (with LLMP003 reported) when <paramref name="name"/> cannot be a <c>{{placeholder}}</c> name.</summary>
    public static bool CheckName(ImportContext context, string name, SourcePosition at)
    {
        if (PromptTemplate.IsValidName(name))
        {
            return true;
        }

        context.Error(
            PromptDiagnosticCodes.InvalidValue,
            $"The variable name '{name}' cannot be used in a placeholder: use letters, digits, '_', '.', '-', starting with a letter or '_'.",
            at);
        return false;
    }

    /// <summary>
    /// Declares <paramref name="name"/> (first declaration wins its position) and fills what is known. The sample is the
    /// first non-null of <paramref name="samples"/> (sample, then example); a sample given earlier (an input's own) wins
    /// over a later one (the file's <c>sample:</c> block), and any sample wins over <paramref name="fallback"/> (the default).
    /// </summary>
    public void Declare(string name, SourcePosition at, string? description, YNode? fallback, params YNode?[] samples)
    {
        if (!_byName.TryGetValue(name, out var entry))
        {
            entry = new Entry(name, at);
            _entries.Add(entry);
            _byName.Add(name, entry);
        }

        entry.Description ??= description;
        if (fallback is not null && !YamlAccess.IsNull(fallback) && entry.Fallback is null)
        {
            entry.Fallback = YamlAccess.ToText(fallback);
            entry.FallbackValue = StructuredValue(fallback);
        }

        if (entry.Sample is not null)
        {
            return;
        }

        foreach (var node in samples)
        {
            if (node is not null && !YamlAccess.IsNull(node))
            {
                entry.Sample = YamlAccess.ToText(node);
                entry.Value = StructuredValue(node);
                return;
            }
        }
    }

    public void RecordPositions(ImportContext context)
    {
        foreach (var entry in _entries)
        {
            context.Record("variables." + entry.Name, entry.At);
        }
    }

    /// <summary>The variables; a sample comes from an explicit sample first, then an example, then the default, else empty.</summary>
    public IReadOnlyList<PromptVariable> Build()
    {
        var result = new List<PromptVariable>(_entries.Count);
        foreach (var entry in _entries)
        {
            result.Add(new PromptVariable
            {
                Name = entry.Name,
                Description = string.IsNullOrWhiteSpace(entry.Description) ? null : entry.Description,
                Sample = entry.Sample ?? entry.Fallback ?? string.Empty,
                Value = entry.Sample is not null ? entry.Value : entry.FallbackValue,
            });
        }

        return result;
    }

    // Objects and lists keep their shape, and plain booleans and numbers their type (a template compares, tests and
    // loops over them, as Prompty's YAML loader hands them to Jinja2); text stays in Sample.
    private static object? StructuredValue(YNode node) => YamlAccess.ToValue(node) is { } value and not string ? value : null;

    private sealed class Entry
    {
        public Entry(string name, SourcePosition at)
        {
            Name = name;
            At = at;
        }

        public string Name { get; }

        public SourcePosition At { get; }

        public string? Description { get; set; }

        public string? Sample { get; set; }

        public object? Value { get; set; }

        public string? Fallback { get; set; }

        public object? FallbackValue { get; set; }
    }
}
