using System.Collections.Generic;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>The YAML layer's problems as LLMP diagnostics, for the native reader and the Prompty and Semantic Kernel imports.</summary>
internal static class PromptYamlProblems
{
    /// <summary>Native prompt files: a repeated key, a list as a key or a second document is a wrong value (LLMP003).</summary>
    public static readonly YamlCodeFamily Native = new(
        syntax: PromptDiagnosticCodes.InvalidYaml,
        tooDeep: PromptDiagnosticCodes.UnreadableFile,
        tooLarge: PromptDiagnosticCodes.UnreadableFile,
        duplicateKey: PromptDiagnosticCodes.InvalidValue,
        complexKey: PromptDiagnosticCodes.InvalidValue,
        extraDocument: PromptDiagnosticCodes.InvalidValue);

    /// <summary>Prompty front matter and Semantic Kernel YAML: every problem of the YAML itself is LLMP001, bar the limits.</summary>
    public static readonly YamlCodeFamily Import = new(
        syntax: PromptDiagnosticCodes.InvalidYaml,
        tooDeep: PromptDiagnosticCodes.UnreadableFile,
        tooLarge: PromptDiagnosticCodes.UnreadableFile,
        duplicateKey: PromptDiagnosticCodes.InvalidYaml,
        complexKey: PromptDiagnosticCodes.InvalidYaml,
        extraDocument: PromptDiagnosticCodes.InvalidYaml);

    /// <summary>
    /// Adds one error per problem; <paramref name="what"/> names the YAML in syntax errors ("The front matter").
    /// </summary>
    public static void Report(YamlDocument document, YamlCodeFamily codes, string file, ICollection<PromptDiagnostic> diagnostics, string? what = null)
    {
        foreach (var problem in document.Problems)
        {
            var message = what is not null && problem.Kind == YamlProblemKind.Syntax
                ? $"{what} is not valid YAML: {problem.Detail}"
                : problem.Message;
            diagnostics.Add(new PromptDiagnostic(
                codes.CodeFor(problem.Kind),
                PromptSeverity.Error,
                message,
                file,
                problem.At.Line,
                problem.At.Column));
        }
    }
}
