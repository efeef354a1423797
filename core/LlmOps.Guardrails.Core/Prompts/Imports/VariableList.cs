using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>Variables in the order they are first declared, each filled from the best sample source available.</summary>
internal sealed class VariableList
{
    private readonly List<Entry> _entries = new();
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);

    public bool Contains(string name) => _byName.ContainsKey(name);

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

    /// <summary>Declares <paramref name="name"/> (first declaration wins its position) and fills what is known.</summary>
    public void Declare(string name, SourcePosition at, string? description = null, string? sample = null, string? fallback = null)
    {
        if (!_byName.TryGetValue(name, out var entry))
        {
            entry = new Entry(name, at);
            _entries.Add(entry);
            _byName.Add(name, entry);
        }

        entry.Description ??= description;
        entry.Sample ??= sample;
        entry.Fallback ??= fallback;
    }

    public void RecordPositions(ImportContext context)
    {
        foreach (var entry in _entries)
        {
            context.Record("variables." + entry.Name, entry.At);
        }
    }

    /// <summary>The variables; a sample comes from an explicit sample first, then the default, else empty.</summary>
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
            });
        }

        return result;
    }

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

        public string? Fallback { get; set; }
    }
}
