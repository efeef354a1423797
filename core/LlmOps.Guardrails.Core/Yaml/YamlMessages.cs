using System.Globalization;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>
/// The texts of the problems that carry a value. Built here, off the builder's hot paths, so the methods every node
/// goes through stay small for the JIT on a cold start (the first catalog load).
/// </summary>
internal static class YamlMessages
{
    public static string TooDeep() => string.Format(
        CultureInfo.InvariantCulture,
        "Lists and mappings are nested more than {0} levels deep here; flatten the structure.",
        YamlLimits.MaxDepth);

    public static string TooLarge(bool followedAlias) => string.Format(
        CultureInfo.InvariantCulture,
        followedAlias
            ? "The YAML expands to more than {0:N0} nodes here once its aliases (*name) are followed; write the values out instead of nesting aliases."
            : "The YAML holds more than {0:N0} nodes here; split it into smaller files.",
        YamlLimits.MaxExpandedNodes);

    public static string ComplexKey(YNode key) => $"A mapping key must be plain text, not {key.Kind}; write the key as text.";

    public static string DuplicateKey(YScalar key, YScalar first) => string.Format(
        CultureInfo.InvariantCulture,
        "Duplicate key '{0}' (first written at line {1}); a mapping holds each key once: keep one of them.",
        key.Value,
        first.At.Line);

    public static string UnknownAlias(string name) =>
        $"the alias '*{name}' refers to no anchor defined before it; define '&{name}' above it, or write the value out.";

    public static string UndeclaredTagHandle(string handle) =>
        $"the tag handle '{handle}' is not declared; declare it with a %TAG directive, or remove the tag.";
}
