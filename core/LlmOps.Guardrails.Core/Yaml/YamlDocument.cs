using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>What <see cref="YamlTreeBuilder"/> read from one file: the root node and every problem found on the way.</summary>
internal sealed class YamlDocument
{
    public YamlDocument(YNode? root, IReadOnlyList<YamlProblem> problems)
    {
        Root = root;
        Problems = problems;
    }

    /// <summary>
    /// The document's root; null when the file holds no document (empty, only comments, or a lone null), or when a
    /// problem stopped the reading (<see cref="YamlProblem.StopsReading"/>).
    /// </summary>
    public YNode? Root { get; }

    /// <summary>Problems in the order they were found.</summary>
    public IReadOnlyList<YamlProblem> Problems { get; }

    public bool HasProblems => Problems.Count > 0;
}
