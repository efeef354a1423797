using System.Text;
using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Native;

public class PromptYamlReaderTests
{
    internal const string FullExample =
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/llmops-guardrails/llmops-guardrails/main/core/LlmOps.Guardrails.Core/Prompts/prompt.schema.json\n" +
        "id: support.classify            # required\n" +
        "description: Classify a support ticket\n" +
        "owner: { feature: ticket-triage, team: support-platform }\n" +
        "model: gpt-4o-2024-08-06\n" +
        "fallbacks: [claude-sonnet-4-5-20250929]\n" +
        "parameters: { temperature: 0.2, top_p: 1, max_output_tokens: 300, stop: [\"\\n\\n\"], seed: 7, frequency_penalty: 0, presence_penalty: 0, response_format: json }\n" +
        "variables:\n" +
        "  ticket: { description: The ticket text, sample: \"My invoice is wrong...\" }\n" +
        "  customer_tier: gold\n" +
        "messages:\n" +
        "  - role: system\n" +
        "    content: You are a support triage assistant. The customer is {{ customer_tier }}.\n" +
        "  - role: user\n" +
        "    content: \"Ticket: {{ticket}}\"\n" +
        "expected_output_tokens: 120\n" +
        "traffic: { calls_per_day: 20000 }\n" +
        "dataset: ../datasets/classify.jsonl\n";

    [Fact]
    public void Full_example_maps_every_field()
    {
        var result = PromptFileReader.Read("prompts/classify.prompt.yaml", FullExample);

        Assert.Empty(result.Diagnostics);
        var p = Assert.IsType<PromptDefinition>(result.Prompt);
        Assert.Equal("support.classify", p.Id);
        Assert.Equal("Classify a support ticket", p.Description);
        Assert.Equal("ticket-triage", p.Feature);
        Assert.Equal("support-platform", p.Team);
        Assert.Equal("gpt-4o-2024-08-06", p.Model);
        Assert.Equal(new[] { "claude-sonnet-4-5-20250929" }, p.Fallbacks);
        Assert.Equal(0.2, p.Parameters.Temperature);
        Assert.Equal(1.0, p.Parameters.TopP);
        Assert.Equal(300, p.Parameters.MaxOutputTokens);
        Assert.Equal(new[] { "\n\n" }, p.Parameters.StopSequences);
        Assert.Equal(7L, p.Parameters.Seed);
        Assert.Equal(0.0, p.Parameters.FrequencyPenalty);
        Assert.Equal(0.0, p.Parameters.PresencePenalty);
        Assert.Equal("json", p.Parameters.ResponseFormat);
        Assert.Equal(2, p.Variables.Count);
        Assert.Equal("ticket", p.Variables[0].Name);
        Assert.Equal("The ticket text", p.Variables[0].Description);
        Assert.Equal("My invoice is wrong...", p.Variables[0].Sample);
        Assert.Equal("customer_tier", p.Variables[1].Name);
        Assert.Null(p.Variables[1].Description);
        Assert.Equal("gold", p.Variables[1].Sample);
        Assert.Equal(2, p.Messages.Count);
        Assert.Equal("system", p.Messages[0].Role);
        Assert.Equal("You are a support triage assistant. The customer is {{ customer_tier }}.", p.Messages[0].Template);
        Assert.Equal("user", p.Messages[1].Role);
        Assert.Equal("Ticket: {{ticket}}", p.Messages[1].Template);
        Assert.Equal(120, p.ExpectedOutputTokens);
        Assert.Equal(20000L, p.CallsPerDay);
        Assert.Equal("../datasets/classify.jsonl", p.Dataset);
        Assert.Equal("prompts/classify.prompt.yaml", p.SourcePath);
        Assert.Equal(PromptSourceFormat.PromptYaml, p.Format);
    }

    [Theory]
    [InlineData("id", 2, 5)]
    [InlineData("description", 3, 14)]
    [InlineData("owner.feature", 4, 19)]
    [InlineData("owner.team", 4, 40)]
    [InlineData("model", 5, 8)]
    [InlineData("fallbacks", 6, 12)]
    [InlineData("fallbacks[0]", 6, 13)]
    [InlineData("parameters", 7, 13)]
    [InlineData("parameters.temperature", 7, 28)]
    [InlineData("parameters.max_output_tokens", 7, 62)]
    [InlineData("variables.ticket", 9, 3)]
    [InlineData("variables.ticket.sample", 9, 51)]
    [InlineData("variables.customer_tier", 10, 3)]
    [InlineData("variables.customer_tier.sample", 10, 18)]
    [InlineData("messages", 12, 3)]
    [InlineData("messages[0]", 12, 5)]
    [InlineData("messages[0].role", 12, 11)]
    [InlineData("messages[1].content", 15, 14)]
    [InlineData("expected_output_tokens", 16, 25)]
    [InlineData("traffic.calls_per_day", 17, 27)]
    [InlineData("dataset", 18, 10)]
    [InlineData("messages[1].content.nothing", 15, 14)]
    public void Positions_are_one_based_and_point_at_the_value(string path, int line, int column)
    {
        var prompt = PromptFileReader.Read("a.prompt.yaml", FullExample).Prompt!;

        Assert.Equal(new SourcePosition(line, column), prompt.Locations.Of(path));
    }

    [Fact]
    public void Block_style_with_multiline_content_and_stop_as_text()
    {
        const string text =
            "id: 'summarise-v2'\n" +
            "model: \"claude-sonnet-4-5-20250929\"\n" +
            "parameters:\n" +
            "  max_output_tokens: 1_000\n" +
            "  stop: END\n" +
            "variables:\n" +
            "  document:\n" +
            "    sample: |\n" +
            "      Line one\n" +
            "      Line two\n" +
            "  empty:\n" +
            "messages:\n" +
            "  - role: user\n" +
            "    content: |\n" +
            "      Summarise:\n" +
            "      {{document}}{{empty}}\n";

        var result = PromptFileReader.Read("s.prompt.yml", text);

        // YAML 1.2 has no digit separators: 1_000 is text, so it is refused, not read as 1000.
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("LLMP003", diagnostic.Code);
        Assert.Equal((4, 22), (diagnostic.Line, diagnostic.Column));
        var p = result.Prompt!;
        Assert.Equal("summarise-v2", p.Id);
        Assert.Equal("claude-sonnet-4-5-20250929", p.Model);
        Assert.Null(p.Parameters.MaxOutputTokens);
        Assert.Equal(new[] { "END" }, p.Parameters.StopSequences);
        Assert.Equal("Line one\nLine two\n", p.Variables[0].Sample);
        Assert.Equal(string.Empty, p.Variables[1].Sample);
        Assert.Equal("Summarise:\n{{document}}{{empty}}\n", p.Messages[0].Template);
    }

    [Fact]
    public void Minimal_prompt_has_defaults()
    {
        var result = PromptFileReader.Read("m.prompt.yaml", "id: m\nmodel: gpt-4o-2024-08-06\nmessages: [{role: user, content: Hi}]\n");

        Assert.Empty(result.Diagnostics);
        var p = result.Prompt!;
        Assert.Null(p.Description);
        Assert.Null(p.Feature);
        Assert.Empty(p.Fallbacks);
        Assert.Null(p.Parameters.Temperature);
        Assert.Null(p.Parameters.MaxOutputTokens);
        Assert.Empty(p.Parameters.StopSequences);
        Assert.Null(p.Parameters.ResponseFormat);
        Assert.Empty(p.Variables);
        Assert.Null(p.ExpectedOutputTokens);
        Assert.Null(p.CallsPerDay);
        Assert.Null(p.Dataset);
        Assert.Equal(new SourcePosition(3, 12), p.Locations.Of("messages[0]"));
    }

    [Fact]
    public void Crlf_and_bom_read_like_lf()
    {
        var crlf = "\uFEFF" + FullExample.Replace("\n", "\r\n");

        var result = PromptFileReader.Read("a.prompt.yaml", crlf);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("Ticket: {{ticket}}", result.Prompt!.Messages[1].Template);
        Assert.Equal(new SourcePosition(5, 8), result.Prompt.Locations.Of("model"));
    }

    [Fact]
    public void Unknown_key_is_a_warning_with_a_suggestion_at_the_key()
    {
        var result = PromptFileReader.Read("a.prompt.yaml", "id: a\nmodel: gpt-4o-2024-08-06\ndescripton: x\nparameters:\n  maxTokens: 5\n  max_output_tokens: 5\n  temprature: 1\nmessages: [{role: user, content: Hi}]\ntemperature: 1\n");

        Assert.NotNull(result.Prompt);
        Assert.False(result.HasErrors);
        Assert.All(result.Diagnostics, d => Assert.Equal(PromptSeverity.Warning, d.Severity));
        Assert.Collection(
            result.Diagnostics,
            d => AssertDiagnostic(d, "LLMP004", 3, 1, "Did you mean 'description'?"),
            d => AssertDiagnostic(d, "LLMP004", 5, 3, "Did you mean 'max_output_tokens'?"),
            d => AssertDiagnostic(d, "LLMP004", 7, 3, "Did you mean 'temperature'?"),
            d => AssertDiagnostic(d, "LLMP004", 9, 1, "belongs under 'parameters:'"));
    }

    [Fact]
    public void Duplicate_key_is_reported_at_the_second_key_and_the_first_wins()
    {
        var result = PromptFileReader.Read("a.prompt.yaml", "id: a\nmodel: gpt-4o-2024-08-06\nmessages: [{role: user, content: Hi}]\n  \nmodel: gpt-4o-mini-2024-07-18\n");

        var d = Assert.Single(result.Diagnostics);
        AssertDiagnostic(d, "LLMP003", 5, 1, "first written at line 2");
        Assert.Equal("gpt-4o-2024-08-06", result.Prompt!.Model);
    }

    [Fact]
    public void Invalid_yaml_points_at_the_problem()
    {
        var result = PromptFileReader.Read("a.prompt.yaml", "id: a\nmodel: gpt-4o-2024-08-06\nmessages:\n  - role: user\n    content: \"unterminated\n");

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("LLMP001", d.Code);
        Assert.Equal(PromptSeverity.Error, d.Severity);
        Assert.Equal("a.prompt.yaml", d.File);
        Assert.Equal(5, d.Line);
        Assert.StartsWith("a.prompt.yaml(5,", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_values_name_the_range()
    {
        var result = PromptFileReader.Read("a.prompt.yaml", "id: a\nmodel: m\nparameters: {temperature: 7, top_p: -0.1, max_output_tokens: 0, seed: 99999999999999999999}\nmessages: [{role: user, content: Hi}]\n");

        Assert.Collection(
            result.Diagnostics,
            d => AssertDiagnostic(d, "LLMP003", 3, 27, "outside the range 0 to 2"),
            d => AssertDiagnostic(d, "LLMP003", 3, 37, "outside the range 0 to 1"),
            d => AssertDiagnostic(d, "LLMP003", 3, 62, "from 1 to 10,000,000"),
            d => AssertDiagnostic(d, "LLMP003", 3, 71, "too large"));
        Assert.NotNull(result.Prompt);
        Assert.Null(result.Prompt!.Parameters.Temperature);
    }

    [Fact]
    public void Placeholder_checks_are_part_of_the_read_result()
    {
        var result = PromptFileReader.Read("a.prompt.yaml", "id: a\nmodel: m\nvariables:\n  tickt: x\nmessages:\n  - role: user\n    content: \"{{ticket}}\"\n");

        Assert.Collection(
            result.Diagnostics,
            d => AssertDiagnostic(d, "LLMP005", 7, 14, "Did you mean '{{tickt}}'?"),
            d => AssertDiagnostic(d, "LLMP006", 4, 3, "'tickt'"));
        Assert.True(result.HasErrors);
        Assert.Equal(PromptSeverity.Warning, result.Diagnostics[1].Severity);
    }

    [Theory]
    [InlineData("a.yml")]
    [InlineData("a.yaml")]
    [InlineData("A.PROMPT.YAML")]
    [InlineData("prompt-without-extension")]
    public void Yaml_without_a_template_key_is_read_as_native(string path)
    {
        Assert.Equal(PromptSourceFormat.PromptYaml, PromptFileReader.FormatOf(path, FullExample));
        Assert.Equal("support.classify", PromptFileReader.Read(path, FullExample).Prompt!.Id);
    }

    [Fact]
    public void Format_detection_routes_other_formats()
    {
        Assert.Equal(PromptSourceFormat.Prompty, PromptFileReader.FormatOf("x.prompty", "---\nname: x\n---\nsystem:\nHi"));
        Assert.Equal(PromptSourceFormat.SemanticKernel, PromptFileReader.FormatOf("x.yaml", "name: x\ntemplate: Hello {{$who}}\n"));
        Assert.Equal(PromptSourceFormat.SemanticKernel, PromptFileReader.FormatOf("x.yml", "name: [x\ntemplate: Hello\n"));
        // By content: a Semantic Kernel file is one whatever its name, and its errors say how it was read.
        Assert.Equal(PromptSourceFormat.SemanticKernel, PromptFileReader.FormatOf("getIntent.prompt.yaml", "name: x\ntemplate: Hello\n"));
        Assert.Equal(PromptSourceFormat.PromptYaml, PromptFileReader.FormatOf("x.yaml", "id: x\nmessages: []\n"));
        Assert.Equal(PromptSourceFormat.Prompty, PromptFileReader.FormatOf("notes.md", "---\nname: x\n---\nuser:\nHi"));
        var error = Assert.Single(PromptFileReader.Read("getIntent.prompt.yaml", "name: x\ntemplate: [a\n").Diagnostics, d => d.IsError);
        Assert.Contains("Read as Semantic Kernel prompt YAML because of a top-level 'template' key", error.Message);
    }

    [Fact]
    public void Never_throws_on_truncated_or_corrupted_text()
    {
        var random = new Random(12345);
        for (var cut = 0; cut <= FullExample.Length; cut += 3)
        {
            Check(FullExample.Substring(0, cut));
        }

        const string noise = "{}[]:-?&*!|>'\"%@`#,\t\n \\";
        for (var round = 0; round < 400; round++)
        {
            var chars = FullExample.ToCharArray();
            for (var k = 0; k < 3; k++)
            {
                chars[random.Next(chars.Length)] = noise[random.Next(noise.Length)];
            }

            Check(new string(chars));
        }

        static void Check(string text)
        {
            var result = PromptFileReader.Read("f.prompt.yaml", text);
            Assert.All(result.Diagnostics, d =>
            {
                Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString());
                Assert.Matches("^LLMP0(0[1-6]|13)$", d.Code);
            });
            Assert.True(result.Prompt is not null || result.HasErrors, text);
        }
    }

    internal static void AssertDiagnostic(PromptDiagnostic d, string code, int line, int column, string messagePart)
    {
        Assert.True(code == d.Code && line == d.Line && column == d.Column, $"expected {code} at ({line},{column}), got {d}");
        Assert.Contains(messagePart, d.Message, StringComparison.Ordinal);
    }
}
