using System;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>The YAML features a reader accepts; a feature left out is reported as <see cref="YamlProblemKind.Unsupported"/> where it is used.</summary>
[Flags]
internal enum YamlFeatures
{
    /// <summary>Plain data: mappings, lists and scalars only.</summary>
    None = 0,

    /// <summary>Anchors (<c>&amp;name</c>) and aliases (<c>*name</c>); expansion is still capped by <see cref="YamlLimits.MaxExpandedNodes"/>.</summary>
    Anchors = 1,

    /// <summary>Tags (<c>!name</c>, <c>!!str</c>); a tagged scalar is always text.</summary>
    Tags = 2,

    /// <summary>Directives (<c>%YAML</c>, <c>%TAG</c>) before the document.</summary>
    Directives = 4,

    All = Anchors | Tags | Directives,
}
