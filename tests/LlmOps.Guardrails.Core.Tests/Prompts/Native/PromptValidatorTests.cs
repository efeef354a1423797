using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Native;

public class PromptValidatorTests
{
    internal static readonly DateTimeOffset Today = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<PromptDiagnostic> Validate(string model, string parameters = "{ max_output_tokens: 100 }", string fallbacks = "[]")
    {
        var text = $"id: v\nmodel: {model}\nfallbacks: {fallbacks}\nparameters: {parameters}\nmessages: [{{role: user, content: Hi}}]\n";
        var read = PromptFileReader.Read("v.prompt.yaml", text);
        Assert.Empty(read.Diagnostics);
        return PromptValidator.Validate(read.Prompt!, ModelCatalog.Default, Today);
    }

    [Fact]
    public void Pinned_active_model_with_a_cap_is_clean()
    {
        Assert.Empty(Validate("gpt-4o-2024-08-06", fallbacks: "[claude-sonnet-4-5-20250929]"));
    }

    [Fact]
    public void Alias_names_the_snapshot_it_resolves_to()
    {
        var d = Assert.Single(Validate("gpt-4o"));
        PromptYamlReaderTests.AssertDiagnostic(d, "LLMP007", 2, 8, "today it resolves to 'gpt-4o-2024-08-06'");
        Assert.Equal(PromptSeverity.Warning, d.Severity);
    }

    [Fact]
    public void Unknown_model_suggests_the_nearest()
    {
        var d = Assert.Single(Validate("gpt-4o-2024-08-07"));
        PromptYamlReaderTests.AssertDiagnostic(d, "LLMP008", 2, 8, "Did you mean 'gpt-4o-2024-08-06'?");
        Assert.Equal(PromptSeverity.Warning, d.Severity);
    }

    [Fact]
    public void Retired_model_is_an_error_naming_the_replacement()
    {
        var d = Assert.Single(Validate("claude-3-5-sonnet-20241022"));
        PromptYamlReaderTests.AssertDiagnostic(d, "LLMP009", 2, 8, "was retired on 2025-10-28");
        Assert.Contains("Move to 'claude-sonnet-4-6'", d.Message, StringComparison.Ordinal);
        Assert.Equal(PromptSeverity.Error, d.Severity);
    }

    [Fact]
    public void Deprecated_model_is_a_warning_naming_the_replacement()
    {
        var d = Assert.Single(Validate("gpt-5-2025-08-07"));
        PromptYamlReaderTests.AssertDiagnostic(d, "LLMP009", 2, 8, "retires on 2026-12-11");
        Assert.Contains("Move to 'gpt-5.5'", d.Message, StringComparison.Ordinal);
        Assert.Equal(PromptSeverity.Warning, d.Severity);
    }

    [Fact]
    public void Missing_cap_is_reported_at_parameters_or_file_start()
    {
        PromptYamlReaderTests.AssertDiagnostic(Assert.Single(Validate("gpt-4o-2024-08-06", "{ temperature: 1 }")), "LLMP010", 4, 13, "unbounded");
        PromptYamlReaderTests.AssertDiagnostic(Assert.Single(Validate("gpt-4o-2024-08-06", "")), "LLMP010", 1, 1, "unbounded");
    }

    [Fact]
    public void Cap_above_the_model_maximum_is_reported_at_the_cap()
    {
        var d = Assert.Single(Validate("gpt-4o-2024-08-06", "{ max_output_tokens: 20000 }"));
        PromptYamlReaderTests.AssertDiagnostic(d, "LLMP011", 4, 34, "above the 16384 output tokens");
    }

    [Fact]
    public void Cap_of_an_alias_uses_its_snapshot_maximum()
    {
        var codes = Validate("gpt-4o", "{ max_output_tokens: 20000 }").Select(d => d.Code);
        Assert.Equal(new[] { "LLMP007", "LLMP011" }, codes);
    }

    [Fact]
    public void Fallbacks_get_the_same_checks_at_their_position()
    {
        var diagnostics = Validate("claude-sonnet-4-5-20250929", "{ max_output_tokens: 20000 }", "[gpt-4o, nope-model, claude-3-5-sonnet-20241022, gpt-4o-2024-08-06]");

        Assert.Collection(
            diagnostics,
            d => PromptYamlReaderTests.AssertDiagnostic(d, "LLMP007", 3, 13, "The fallback model 'gpt-4o'"),
            d => PromptYamlReaderTests.AssertDiagnostic(d, "LLMP011", 3, 13, "fallback 'gpt-4o'"),
            d => PromptYamlReaderTests.AssertDiagnostic(d, "LLMP008", 3, 21, "'nope-model'"),
            d => PromptYamlReaderTests.AssertDiagnostic(d, "LLMP009", 3, 33, "retired"),
            d => PromptYamlReaderTests.AssertDiagnostic(d, "LLMP011", 3, 33, "8192"),
            d => PromptYamlReaderTests.AssertDiagnostic(d, "LLMP011", 3, 61, "16384"));
    }

    [Fact]
    public void Duplicate_ids_are_reported_at_each_later_file()
    {
        PromptDefinition Read(string file, string id) =>
            PromptFileReader.Read(file, $"# {file}\nid: {id}\nmodel: m\nmessages: [{{role: user, content: Hi}}]\n").Prompt!;

        var prompts = new[] { Read("a.prompt.yaml", "x"), Read("b.prompt.yaml", "y"), Read("c.prompt.yaml", "x"), Read("d.prompt.yaml", "x") };

        var diagnostics = PromptValidator.ValidateSet(prompts);

        Assert.Collection(
            diagnostics,
            d =>
            {
                PromptYamlReaderTests.AssertDiagnostic(d, "LLMP012", 2, 5, "already used by a.prompt.yaml(2,5)");
                Assert.Equal("c.prompt.yaml", d.File);
                Assert.True(d.IsError);
            },
            d => Assert.Equal("d.prompt.yaml", d.File));
    }
}
