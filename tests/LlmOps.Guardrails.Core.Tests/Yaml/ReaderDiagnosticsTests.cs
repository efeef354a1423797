using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Prompts.Imports;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Core.Tests.Yaml;

/// <summary>
/// Every Core reader reports the shared YAML layer's problems once, at the same place, in its own code family:
/// LLMC001 for catalog files, LLMP001/LLMP003/LLMP013 for prompt files and the Prompty and Semantic Kernel imports.
/// </summary>
public class ReaderDiagnosticsTests
{
    public static TheoryData<string> HostileCases() => new(HostileYaml.All.Select(c => c.Name));

    private static HostileYaml.Case Hostile(string name) => HostileYaml.All.Single(c => c.Name == name);

    private static string PromptCode(HostileYaml.Case hostile) =>
        hostile == HostileYaml.TabIndent || hostile == HostileYaml.UnclosedQuote ? PromptDiagnosticCodes.InvalidYaml : PromptDiagnosticCodes.UnreadableFile;

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void The_catalog_reports_LLMC001_at_the_spot(string name)
    {
        var hostile = Hostile(name);

        var error = Assert.Throws<CatalogException>(() => ModelCatalog.Parse(new StringReader(hostile.Text), "llmops.models.yaml"));

        // A catalog refuses anchors outright, so the alias bomb stops at its first anchor.
        var (line, column, part) = hostile == HostileYaml.AliasBomb ? (1, 4, "anchors") : (hostile.Line, hostile.Column, hostile.MessagePart);
        Assert.StartsWith($"llmops.models.yaml({line},{column}): error LLMC001: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(part, error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void A_prompt_file_reports_one_LLMP_diagnostic_at_the_spot(string name)
    {
        var hostile = Hostile(name);

        var result = PromptFileReader.Read("p.prompt.yaml", hostile.Text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith($"p.prompt.yaml({hostile.Line},{hostile.Column}): error {PromptCode(hostile)}: ", d.ToString(), StringComparison.Ordinal);
        Assert.Contains(hostile.MessagePart, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void A_prompty_front_matter_reports_one_LLMP_diagnostic_at_the_file_line(string name)
    {
        var hostile = Hostile(name);

        var result = PromptyReader.Read("p.prompty", "---\n" + hostile.Text + "---\nuser:\nhi\n");

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith($"p.prompty({hostile.Line + 1},{hostile.Column}): error {PromptCode(hostile)}: ", d.ToString(), StringComparison.Ordinal);
        Assert.Contains(hostile.MessagePart, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void A_semantic_kernel_file_reports_one_LLMP_diagnostic_at_the_spot(string name)
    {
        var hostile = Hostile(name);

        var result = SemanticKernelPromptReader.Read("p.yaml", hostile.Text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith($"p.yaml({hostile.Line},{hostile.Column}): error {PromptCode(hostile)}: ", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_prompty_front_matter_nested_thirty_thousand_deep_is_refused_instead_of_overflowing_the_stack()
    {
        var result = PromptyReader.Read("p.prompty", "---\nsample: " + new string('[', 30_000) + "\n---\nuser:\nhi\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.UnreadableFile, 2, 72), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void A_repeated_key_is_LLMC001_in_a_catalog()
    {
        var error = Assert.Throws<CatalogException>(() => ModelCatalog.Parse(new StringReader("schema_version: 1\nmodels: []\nschema_version: 1\n"), "c.yaml"));

        Assert.StartsWith("c.yaml(3,1): error LLMC001: Duplicate key 'schema_version' (first written at line 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_key_is_LLMP003_in_a_prompt_file_and_the_first_value_is_used()
    {
        var result = PromptFileReader.Read("p.prompt.yaml", "id: a\nmodel: gpt-4o-2024-08-06\nmessages: [{role: user, content: Hi}]\nid: b\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith("p.prompt.yaml(4,1): error LLMP003: Duplicate key 'id' (first written at line 1)", d.ToString(), StringComparison.Ordinal);
        Assert.Equal("a", result.Prompt!.Id);
    }

    [Fact]
    public void A_repeated_key_is_LLMP001_in_a_prompty_front_matter()
    {
        var result = PromptyReader.Read("p.prompty", "---\nname: a\nmodel: gpt-4o-2024-08-06\nname: b\n---\nuser:\nhi\n");

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith("p.prompty(4,1): error LLMP001: Duplicate key 'name' (first written at line 2)", d.ToString(), StringComparison.Ordinal);
    }
}
