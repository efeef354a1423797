using System.IO;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>
/// Reads a catalog file into the shared YAML tree. A price catalog is plain data, so anchors, aliases, tags and
/// directives are refused (they gain nothing and make errors hard to place), and every YAML problem is LLMC001.
/// </summary>
internal static class CatalogYaml
{
    // Made when a problem is thrown, not in a static constructor: a valid file (the built-in catalog) never needs it.
    private static YamlCodeFamily Codes() => new(
        syntax: CatalogErrorCodes.MalformedYaml,
        tooDeep: CatalogErrorCodes.MalformedYaml,
        tooLarge: CatalogErrorCodes.MalformedYaml,
        duplicateKey: CatalogErrorCodes.MalformedYaml,
        complexKey: CatalogErrorCodes.MalformedYaml,
        extraDocument: CatalogErrorCodes.MalformedYaml);

    /// <summary>The document's root; null when the file holds no document (empty or only comments).</summary>
    /// <exception cref="CatalogException">The first YAML problem in the file, at its position.</exception>
    public static YNode? Read(TextReader reader, string file)
    {
        var document = YamlTreeBuilder.Read(reader, file, YamlFeatures.None);
        if (document.HasProblems)
        {
            var problem = document.Problems[0];
            throw new CatalogException(Codes().CodeFor(problem.Kind), file, problem.At.Line, problem.At.Column, problem.Message);
        }

        return document.Root;
    }

    /// <summary>Where the node is written, with its file, for errors.</summary>
    public static SourceSpot Spot(this YNode node) => new(node.File, node.At.Line, node.At.Column);

    /// <summary>How the node is described in error messages ("a mapping", "a list", "text 'x'", "'x'").</summary>
    public static string Describe(this YNode node) => node switch
    {
        YScalar { IsNull: true } => "an empty value",
        YScalar { Plain: false } scalar => $"text '{scalar.Value}'",
        YScalar scalar => $"'{scalar.Value}'",
        _ => node.Kind,
    };
}
