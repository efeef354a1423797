using System.Collections.Generic;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>
/// Reads an eval config or YAML dataset into Core's shared YAML tree, reporting the YAML layer's problems as LLME
/// diagnostics: syntax and nesting LLME101, a repeated key LLME103, alias expansion past the limit LLME109.
/// </summary>
internal static class EvalYaml
{
    private static readonly YamlCodeFamily Codes = new(
        syntax: EvalDiagnosticCodes.InvalidYaml,
        tooDeep: EvalDiagnosticCodes.InvalidYaml,
        tooLarge: EvalDiagnosticCodes.UnreadableFile,
        duplicateKey: EvalDiagnosticCodes.InvalidValue,
        complexKey: EvalDiagnosticCodes.InvalidYaml,
        extraDocument: EvalDiagnosticCodes.InvalidYaml);

    /// <summary>The document's root; null with diagnostics when the YAML has any problem, null without when the file is empty.</summary>
    public static YNode? Read(string text, string file, List<EvalDiagnostic> diagnostics)
    {
        var document = YamlTreeBuilder.Read(text, file, YamlFeatures.All);
        foreach (var problem in document.Problems)
        {
            diagnostics.Add(new EvalDiagnostic(Codes.CodeFor(problem.Kind), problem.Message, file, problem.At.Line, problem.At.Column));
        }

        return document.HasProblems ? null : document.Root;
    }

    /// <summary>What a value is, for messages: "nothing", "text", "a number", "a boolean", "a value", "a list", "a mapping".</summary>
    public static string KindName(this YNode node) => node switch
    {
        YScalar { IsNull: true } => "nothing",
        YScalar scalar => scalar.Type switch
        {
            YScalarType.Text => "text",
            YScalarType.Number => "a number",
            YScalarType.Boolean => "a boolean",
            _ => "a value",
        },
        _ => node.Kind,
    };
}
