using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Prompts.Native;

/// <summary>A YAML node with the 1-based position where it starts. Aliases share the anchored node object.</summary>
internal abstract class YNode
{
    protected YNode(SourcePosition at) => At = at;

    public SourcePosition At { get; }

    /// <summary>Node count with aliases expanded (this node included), capped by the builder.</summary>
    public long Size { get; set; } = 1;

    public abstract string Kind { get; }
}

internal sealed class YScalar : YNode
{
    public YScalar(SourcePosition at, string value, bool plain)
        : base(at)
    {
        Value = value;
        Plain = plain;
    }

    public string Value { get; }

    /// <summary>Written without quotes, block style or an explicit tag: it may be a number or null.</summary>
    public bool Plain { get; }

    /// <summary>Empty, <c>~</c> or <c>null</c> written plain.</summary>
    public bool IsNull => Plain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

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

internal sealed class YEntry
{
    public YEntry(YNode key, YNode value)
    {
        Key = key;
        Value = value;
    }

    public YNode Key { get; }

    public YNode Value { get; set; }

    /// <summary>The key's text when it is a scalar; null for complex keys.</summary>
    public string? Name => Key is YScalar scalar ? scalar.Value : null;
}

internal sealed class YMapping : YNode
{
    public YMapping(SourcePosition at)
        : base(at)
    {
    }

    public List<YEntry> Entries { get; } = new();

    public override string Kind => "a mapping";
}
