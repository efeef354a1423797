using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>A place in a source file, 1-based, so every error can point at the exact spot.</summary>
internal readonly struct SourceSpot
{
    public SourceSpot(string file, int line, int column)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string File { get; }

    public int Line { get; }

    public int Column { get; }

    public CatalogException Error(string code, string detail) => new(code, File, Line, Column, detail);
}

/// <summary>
/// A minimal YAML document tree that keeps each node's position. The catalog reads YAML through this
/// instead of a deserializer so it can reject unknown keys and wrong types with exact line and column.
/// </summary>
internal abstract class YamlNode
{
    protected YamlNode(SourceSpot at) => At = at;

    public SourceSpot At { get; }

    /// <summary>How the node is described in error messages ("a mapping", "a list", "text").</summary>
    public abstract string Describe();
}

internal sealed class YamlScalarNode : YamlNode
{
    public YamlScalarNode(SourceSpot at, string value, bool quoted)
        : base(at)
    {
        Value = value;
        Quoted = quoted;
    }

    public string Value { get; }

    /// <summary>True for '...' and "..." scalars: they are always text, never numbers, dates or null.</summary>
    public bool Quoted { get; }

    public bool IsNull => !Quoted && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    public override string Describe() => IsNull ? "an empty value" : Quoted ? $"text '{Value}'" : $"'{Value}'";
}

internal sealed class YamlSequenceNode : YamlNode
{
    public YamlSequenceNode(SourceSpot at, List<YamlNode> items)
        : base(at) => Items = items;

    public List<YamlNode> Items { get; }

    public override string Describe() => "a list";
}

internal sealed class YamlMappingNode : YamlNode
{
    public YamlMappingNode(SourceSpot at, List<YamlEntry> entries)
        : base(at) => Entries = entries;

    /// <summary>Entries in file order; keys are unique (the reader rejects duplicates).</summary>
    public List<YamlEntry> Entries { get; }

    public override string Describe() => "a mapping";

    /// <summary>The entry with this key, by a linear scan: catalog mappings have a handful of keys.</summary>
    public YamlEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, System.StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}

/// <summary>One key and its value. A class, not a KeyValuePair, so collections of it share the runtime's precompiled generic code.</summary>
internal sealed class YamlEntry
{
    public YamlEntry(YamlScalarNode key, YamlNode value)
    {
        Key = key;
        Value = value;
    }

    public YamlScalarNode Key { get; }

    public YamlNode Value { get; }
}
