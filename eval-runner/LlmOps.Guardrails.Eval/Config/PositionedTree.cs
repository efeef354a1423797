using System.Collections.Generic;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>
/// A YAML or JSON value with the 1-based position it was read from. Eval config, YAML datasets and JSONL lines
/// all become this tree, so that one set of field readers gives the same checks and messages for every format.
/// </summary>
internal abstract class PNode
{
    protected PNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    public abstract string KindName { get; }
}

internal enum ScalarKind
{
    /// <summary>A YAML plain scalar: its type (number, boolean, null or text) is read from how it looks.</summary>
    Plain,

    /// <summary>Quoted or block text, or a JSON string: always text.</summary>
    Text,
    Number,
    Boolean,
    Null,
}

internal sealed class PScalar : PNode
{
    public PScalar(string value, ScalarKind kind, int line, int column)
        : base(line, column)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }

    public ScalarKind Kind { get; }

    public bool IsNull => Kind == ScalarKind.Null
        || (Kind == ScalarKind.Plain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL"));

    public bool IsText => Kind == ScalarKind.Text;

    public override string KindName => IsNull ? "nothing" : Kind switch
    {
        ScalarKind.Text => "text",
        ScalarKind.Number => "a number",
        ScalarKind.Boolean => "a boolean",
        _ => "a value",
    };
}

internal sealed class PMapping : PNode
{
    public PMapping(int line, int column)
        : base(line, column)
    {
    }

    public List<KeyValuePair<PScalar, PNode>> Entries { get; } = new();

    public override string KindName => "a mapping";
}

internal sealed class PSequence : PNode
{
    public PSequence(int line, int column)
        : base(line, column)
    {
    }

    public List<PNode> Items { get; } = new();

    public override string KindName => "a list";
}
