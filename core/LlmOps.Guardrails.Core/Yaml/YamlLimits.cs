namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>
/// The limits every YAML file the product reads is held to, so that hostile input (deep nesting, "billion laughs"
/// alias bombs) is refused with one positioned diagnostic instead of exhausting the stack or memory.
/// </summary>
internal static class YamlLimits
{
    /// <summary>Deepest nesting of lists and mappings accepted; the product's formats need at most 6.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes a document may hold once every alias is expanded.</summary>
    public const long MaxExpandedNodes = 100_000;
}
