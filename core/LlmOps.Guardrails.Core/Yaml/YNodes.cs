using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Prompts;
using YamlDotNet.Core;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>
/// A node of a positioned YAML (or JSON) tree: the file and the 1-based position where it starts. Aliases share the
/// anchored node object. Every reader of the product's YAML files (model catalog, prompt files, eval config and
/// datasets) reads this tree, built by <see cref="YamlTreeBuilder"/>.
/// </summary>
internal abstract class YNode
{
    protected YNode(SourcePosition at) => At = at;

    public SourcePosition At { get; }

    /// <summary>The file the node was read from, as the reader named it (for diagnostics); empty when not given.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>What the node is, for messages: "text", "null", "a list", "a mapping".</summary>
    public abstract string Kind { get; }
}

/// <summary>How a scalar was written, which decides whether it may be read as a number, a boolean or null.</summary>
internal enum YScalarType
{
    /// <summary>A YAML plain scalar without a tag: its type (number, boolean, null or text) is read from how it looks.</summary>
    Plain,

    /// <summary>Quoted, block or tagged YAML text, or a JSON string: always text.</summary>
    Text,

    /// <summary>A JSON number, kept as written.</summary>
    Number,

    /// <summary>A JSON <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A JSON <c>null</c>.</summary>
    Null,
}

internal sealed class YScalar : YNode
{
    public YScalar(SourcePosition at, string value, YScalarType type, ScalarStyle style = ScalarStyle.Plain)
        : base(at)
    {
        Value = value;
        Type = type;
        Style = style;
    }

    public string Value { get; }

    public YScalarType Type { get; }

    /// <summary>How the YAML scalar was written (plain, quoted, literal or folded block); JSON strings are double-quoted.</summary>
    public ScalarStyle Style { get; }

    /// <summary>Written without quotes, block style or an explicit tag: it may be a number or null.</summary>
    public bool Plain => Type == YScalarType.Plain;

    /// <summary>Empty, <c>~</c> or <c>null</c> written plain, or a JSON null.</summary>
    public bool IsNull => Type == YScalarType.Null
        || (Plain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL"));

    public override string Kind => IsNull ? "null" : "text";
}

internal sealed class YSequence : YNode
{
    public YSequence(SourcePosition at)
        : base(at)
    {
    }

    public List<YNode> Items { get; } = new();

    public override string Kind => "a list";
}

/// <summary>One key and its value. Keys are always scalars: the builder reports a list or mapping used as a key.</summary>
internal sealed class YEntry
{
    public YEntry(YScalar key, YNode value)
    {
        Key = key;
        Value = value;
    }

    public YScalar Key { get; }

    public YNode Value { get; }

    /// <summary>The key's text.</summary>
    public string Name => Key.Value;
}

internal sealed class YMapping : YNode
{
    public YMapping(SourcePosition at)
        : base(at)
    {
    }

    /// <summary>Entries in file order; keys are unique (the builder reports a repeated key and keeps the first).</summary>
    public List<YEntry> Entries { get; } = new();

    public override string Kind => "a mapping";

    /// <summary>The entry with this key, or null.</summary>
    public YEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The value of the entry with this key, or null.</summary>
    public YNode? Get(string key) => Find(key)?.Value;
}
