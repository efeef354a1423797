using System;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>Ends tree building at a problem the builder cannot read past; never escapes <see cref="YamlTreeBuilder"/>.</summary>
internal sealed class YamlStopException : Exception
{
    public YamlStopException(YamlProblem problem)
        : base(problem.Message) => Problem = problem;

    public YamlProblem Problem { get; }
}
