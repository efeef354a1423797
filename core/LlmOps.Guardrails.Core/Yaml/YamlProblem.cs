using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>What kind of problem the YAML layer found; each reader maps the kind to a code of its own family.</summary>
internal enum YamlProblemKind
{
    /// <summary>Not well-formed YAML: indentation, an unclosed quote or bracket, a tab used to indent, an alias with no anchor.</summary>
    Syntax,

    /// <summary>Anchors, aliases, tags or directives in a file whose reader does not accept them.</summary>
    Unsupported,

    /// <summary>Lists and mappings nested deeper than <see cref="YamlLimits.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>More than <see cref="YamlLimits.MaxExpandedNodes"/> nodes once aliases are followed ("billion laughs").</summary>
    TooLarge,

    /// <summary>A key written twice in one mapping; the first is kept.</summary>
    DuplicateKey,

    /// <summary>A list or mapping used as a mapping key; the entry is left out.</summary>
    ComplexKey,

    /// <summary>A second document ('---') after the first; the first is kept.</summary>
    ExtraDocument,
}

/// <summary>One problem found while building the tree: where, and a message that says what to do.</summary>
internal sealed class YamlProblem
{
    public YamlProblem(YamlProblemKind kind, SourcePosition at, string detail)
    {
        Kind = kind;
        At = at;
        Detail = detail;
    }

    public YamlProblemKind Kind { get; }

    public SourcePosition At { get; }

    /// <summary>The message without the "Invalid YAML:" lead of syntax errors, for readers that word the lead themselves.</summary>
    public string Detail { get; }

    /// <summary>The full message.</summary>
    public string Message => Kind == YamlProblemKind.Syntax ? "Invalid YAML: " + Detail : Detail;

    /// <summary>
    /// True when the tree could not be built past this problem (no root comes back); false when the builder kept going
    /// (a repeated key, a list as a key, a second document), so a reader can still report what else it finds.
    /// </summary>
    public bool StopsReading => Kind is YamlProblemKind.Syntax or YamlProblemKind.Unsupported or YamlProblemKind.TooDeep or YamlProblemKind.TooLarge;
}
