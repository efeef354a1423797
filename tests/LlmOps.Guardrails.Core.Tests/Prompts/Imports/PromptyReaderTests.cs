using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Prompts.Imports;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Imports;

public sealed class PromptyReaderTests
{
    private const string File = "prompts/basic.prompty";

    // Prompty v1: model.configuration + model.parameters, a sample block, role markers.
    private const string V1 = """
---
name: Basic Prompt
description: A basic prompt that uses the chat API to answer questions
authors:
  - sethjuarez
model:
  api: chat
  configuration:
    type: azure_openai
    azure_endpoint: ${env:AZURE_OPENAI_ENDPOINT}
    azure_deployment: gpt-4o-2024-08-06
  parameters:
    max_tokens: 128
    temperature: 0.2
    stop: ["###"]
    response_format:
      type: json_object
sample:
  firstName: Jane
  question: What is the meaning of life?
---
system:
You are an AI assistant helping {{firstName}}.

user:
{{question}}
""";

    // The Prompty 2 schema: id, metadata, model.id + model.options, inputs as a list, template: {format, parser}.
    private const string V2 = """
---
id: support.Triage
name: Triage prompt
description: Routes a ticket
metadata:
  feature: ticket-triage
  team: support
  authors: [ada]
model:
  id: gpt-4o-mini-2024-07-18
  provider: openai
  options:
    maxOutputTokens: 256
    temperature: 0.1
    topP: 0.9
    stopSequences:
      - END
    seed: 42
    frequencyPenalty: 0.5
    presencePenalty: 0.25
inputs:
  - name: ticket
    kind: string
    description: The ticket text
    sample: My login fails
  - name: locale
    kind: string
    default: en-GB
template:
  format: mustache
  parser: prompty
---
system:
Classify the ticket. Answer in {{locale}}.
user:
{{ticket}}
""";

    [Fact]
    public void V1_maps_every_field()
    {
        var result = PromptyReader.Read(File, V1);

        Assert.Empty(result.Diagnostics);
        var prompt = Assert.IsType<PromptDefinition>(result.Prompt);
        Assert.Equal("basic-prompt", prompt.Id);
        Assert.Equal("A basic prompt that uses the chat API to answer questions", prompt.Description);
        Assert.Equal("gpt-4o-2024-08-06", prompt.Model);
        Assert.Equal(PromptSourceFormat.Prompty, prompt.Format);
        Assert.Equal(File, prompt.SourcePath);
        Assert.Null(prompt.Feature);
        Assert.Null(prompt.Team);

        Assert.Equal(128, prompt.Parameters.MaxOutputTokens);
        Assert.Equal(0.2, prompt.Parameters.Temperature);
        Assert.Equal(new[] { "###" }, prompt.Parameters.StopSequences);
        Assert.Equal("json", prompt.Parameters.ResponseFormat);
        Assert.Null(prompt.Parameters.TopP);

        Assert.Collection(
            prompt.Messages,
            m =>
            {
                Assert.Equal("system", m.Role);
                Assert.Equal("You are an AI assistant helping {{firstName}}.", m.Template);
            },
            m =>
            {
                Assert.Equal("user", m.Role);
                Assert.Equal("{{question}}", m.Template);
            });

        Assert.Collection(
            prompt.Variables,
            v => Assert.Equal(("firstName", "Jane"), (v.Name, v.Sample)),
            v => Assert.Equal(("question", "What is the meaning of life?"), (v.Name, v.Sample)));
    }

    [Fact]
    public void V1_positions_are_file_lines_including_the_front_matter()
    {
        var map = PromptyReader.Read(File, V1).Prompt!.Locations;

        Assert.Equal(new SourcePosition(2, 7), map.Of("id"));
        Assert.Equal(new SourcePosition(11, 23), map.Of("model"));
        Assert.Equal(new SourcePosition(13, 17), map.Of("parameters.max_output_tokens"));
        Assert.Equal(new SourcePosition(14, 18), map.Of("parameters.temperature"));
        Assert.Equal(new SourcePosition(19, 3), map.Of("variables.firstName"));
        Assert.Equal(new SourcePosition(22, 1), map.Of("messages[0]"));
        Assert.Equal(new SourcePosition(23, 1), map.Of("messages[0].content"));
        Assert.Equal(new SourcePosition(25, 1), map.Of("messages[1].role"));
        Assert.Equal(new SourcePosition(26, 1), map.Of("messages[1].content"));
    }

    [Fact]
    public void V2_schema_maps_id_metadata_options_and_input_list()
    {
        var result = PromptyReader.Read("triage.prompty", V2);

        Assert.Empty(result.Diagnostics);
        var prompt = result.Prompt!;
        Assert.Equal("support.triage", prompt.Id);
        Assert.Equal("gpt-4o-mini-2024-07-18", prompt.Model);
        Assert.Equal("ticket-triage", prompt.Feature);
        Assert.Equal("support", prompt.Team);

        var p = prompt.Parameters;
        Assert.Equal(256, p.MaxOutputTokens);
        Assert.Equal(0.1, p.Temperature);
        Assert.Equal(0.9, p.TopP);
        Assert.Equal(new[] { "END" }, p.StopSequences);
        Assert.Equal(42L, p.Seed);
        Assert.Equal(0.5, p.FrequencyPenalty);
        Assert.Equal(0.25, p.PresencePenalty);

        Assert.Collection(
            prompt.Variables,
            v =>
            {
                Assert.Equal("ticket", v.Name);
                Assert.Equal("The ticket text", v.Description);
                Assert.Equal("My login fails", v.Sample);
            },
            v =>
            {
                Assert.Equal("locale", v.Name);
                Assert.Null(v.Description);
                Assert.Equal("en-GB", v.Sample);
            });

        Assert.Equal(new[] { "system", "user" }, prompt.Messages.Select(m => m.Role));
        Assert.Equal("Classify the ticket. Answer in {{locale}}.", prompt.Messages[0].Template);

        var map = prompt.Locations;
        Assert.Equal(new SourcePosition(2, 5), map.Of("id"));
        Assert.Equal(new SourcePosition(10, 7), map.Of("model"));
        Assert.Equal(new SourcePosition(13, 22), map.Of("parameters.max_output_tokens"));
        Assert.Equal(new SourcePosition(22, 11), map.Of("variables.ticket"));
        Assert.Equal(new SourcePosition(6, 12), map.Of("owner.feature"));
        Assert.Equal(new SourcePosition(36, 1), map.Of("messages[1].content"));
    }

    [Fact]
    public void V2_model_shorthand_and_inputs_as_a_map_with_shorthand_values()
    {
        const string text = """
---
name: Greeter
model: gpt-4o-2024-08-06
inputs:
  firstName:
    kind: string
    sample: Jane
  count: 3
  history:
    kind: array
    sample:
      - role: user
        content: hi
---
user:
Hello {{firstName}} ({{count}}) {{history}}
""";
        var prompt = PromptyReader.Read("greeter.prompty", text).Prompt!;

        Assert.Equal("gpt-4o-2024-08-06", prompt.Model);
        Assert.Equal(new SourcePosition(3, 8), prompt.Locations.Of("model"));
        Assert.Equal(
            new[] { ("firstName", "Jane"), ("count", "3"), ("history", "[{\"role\":\"user\",\"content\":\"hi\"}]") },
            prompt.Variables.Select(v => (v.Name, v.Sample)));
    }

    [Fact]
    public void Input_sample_beats_sample_block_which_beats_default()
    {
        const string text = """
---
model: gpt-4o-2024-08-06
inputs:
  a:
    sample: from-input
    default: from-default
  b:
    default: from-default
  c:
    default: from-default
sample:
  a: from-block
  b: from-block
  d: only-in-block
---
{{a}} {{b}} {{c}} {{d}}
""";
        var prompt = PromptyReader.Read("x.prompty", text).Prompt!;

        Assert.Equal(
            new[] { ("a", "from-input"), ("b", "from-block"), ("c", "from-default"), ("d", "only-in-block") },
            prompt.Variables.Select(v => (v.Name, v.Sample)));
        Assert.Equal(new SourcePosition(14, 3), prompt.Locations.Of("variables.d"));
    }

    [Fact]
    public void A_body_without_role_markers_is_one_system_message_as_in_prompty()
    {
        const string text = """
---
name: plain
model: gpt-4o-2024-08-06
---

Summarise {{text}} in one line.
""";
        var prompt = PromptyReader.Read("plain.prompty", text).Prompt!;

        var message = Assert.Single(prompt.Messages);
        Assert.Equal("system", message.Role);
        Assert.Equal("Summarise {{text}} in one line.", message.Template);
        Assert.Equal(new SourcePosition(6, 1), prompt.Locations.Of("messages[0].content"));
    }

    [Fact]
    public void Role_markers_accept_markdown_headings_attributes_developer_and_case()
    {
        const string text = """

---
model: gpt-4o-2024-08-06
---
Preamble text.
# System:
Be brief.
DEVELOPER:
  Use British spelling.
user[name="dana"]:
Hi
assistant:
Hello!
user:
{{question}}
""";
        var prompt = PromptyReader.Read("roles.prompty", text).Prompt!;

        Assert.Equal(
            new[] { ("system", "Preamble text."), ("system", "Be brief."), ("system", "Use British spelling."), ("user", "Hi"), ("assistant", "Hello!"), ("user", "{{question}}") },
            prompt.Messages.Select(m => (m.Role, m.Template)));
        Assert.Equal(new SourcePosition(5, 1), prompt.Locations.Of("messages[0].content"));
        Assert.Equal(new SourcePosition(6, 1), prompt.Locations.Of("messages[1]"));
        Assert.Equal(new SourcePosition(9, 3), prompt.Locations.Of("messages[2].content"));
        Assert.Equal(new SourcePosition(15, 1), prompt.Locations.Of("messages[5].content"));
    }

    [Fact]
    public void Windows_line_endings_keep_positions()
    {
        var prompt = PromptyReader.Read(File, V1.Replace("\n", "\r\n")).Prompt!;

        Assert.Equal(new SourcePosition(11, 23), prompt.Locations.Of("model"));
        Assert.Equal(new SourcePosition(26, 1), prompt.Locations.Of("messages[1].content"));
        Assert.Equal("You are an AI assistant helping {{firstName}}.", prompt.Messages[0].Template);
    }

    [Fact]
    public void Missing_name_takes_the_id_from_the_file_name()
    {
        const string text = """
---
model: gpt-4o-2024-08-06
---
user:
hi
""";
        var prompt = PromptyReader.Read("prompts/Summarize Ticket.prompty", text).Prompt!;

        Assert.Equal("summarize-ticket", prompt.Id);
    }

    [Fact]
    public void Unclosed_front_matter_is_LLMP001_at_the_opening_line()
    {
        const string text = """
---
name: broken
model: gpt-4o-2024-08-06
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.InvalidYaml, PromptSeverity.Error, File, 1, 1), (d.Code, d.Severity, d.File, d.Line, d.Column));
        Assert.Contains("never closed", d.Message);
    }

    [Fact]
    public void No_front_matter_is_LLMP001()
    {
        var result = PromptyReader.Read(File, "\n\nuser:\nhello\n");

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.InvalidYaml, 3, 1), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Bad_yaml_in_the_front_matter_is_LLMP001_at_the_file_line()
    {
        const string text = """
---
name: broken
description: a: b
model: gpt-4o-2024-08-06
---
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(PromptDiagnosticCodes.InvalidYaml, d.Code);
        Assert.Equal(3, d.Line);
        Assert.Equal(15, d.Column);
        Assert.StartsWith("The front matter is not valid YAML", d.Message);
    }

    [Fact]
    public void Missing_model_is_allowed_and_leaves_the_prompt_unpriced()
    {
        const string text = """
---
name: no-model
---
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        var prompt = PromptDefaults.ApplyDefaultModel(result.Prompt!, null, out var unpriced);
        Assert.Equal((PromptDiagnosticCodes.UnpricedPrompt, PromptSeverity.Info, 1, 1), (unpriced!.Code, unpriced.Severity, unpriced.Line, unpriced.Column));
        Assert.Null(PromptEstimator.Estimate(prompt, LlmOps.Guardrails.Core.Catalog.ModelCatalog.Default).CostPerCall);
        var priced = PromptDefaults.ApplyDefaultModel(result.Prompt!, "gpt-4o-2024-08-06", out var none);
        Assert.Null(none);
        Assert.True(priced.ModelIsDefault);
        Assert.NotNull(PromptEstimator.Estimate(priced, LlmOps.Guardrails.Core.Catalog.ModelCatalog.Default).CostPerCall);
    }

    [Fact]
    public void Model_section_without_an_id_gives_no_model_recorded_at_the_model_key()
    {
        const string text = """
---
name: no-model
model:
  api: chat
  configuration:
    type: azure_openai
---
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        Assert.False(result.Prompt!.HasModel);
        Assert.Equal(new SourcePosition(3, 1), result.Prompt.Locations.Of("model"));
    }

    [Fact]
    public void Model_from_an_environment_variable_without_default_is_no_model()
    {
        const string text = """
---
model:
  configuration:
    azure_deployment: ${env:AZURE_OPENAI_DEPLOYMENT}
---
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        Assert.False(result.Prompt!.HasModel);
        Assert.Equal(new SourcePosition(4, 23), result.Prompt.Locations.Of("model"));
    }

    [Fact]
    public void Empty_body_is_LLMP002_at_the_closing_line()
    {
        const string text = """
---
name: empty
model: gpt-4o-2024-08-06
---


""";
        var result = PromptyReader.Read(File, text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.MissingField, 4, 1), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Jinja_only_not_operator_is_LLMP020_on_its_line()
    {
        const string text = """
---
model: gpt-4o-2024-08-06
sample:
  items: [red, green]
---
system:
Answer questions.
user:
Context: {% for item in items %}{{item}}{% if not loop.last %}, {% endif %}{% endfor %}
""";
        var result = PromptyReader.Read(File, text);

        Assert.Single(result.Diagnostics, d => d.IsError && d.Code == PromptDiagnosticCodes.TemplateNotRenderable && d.Line == 9);
    }

    [Fact]
    public void Jinja_loop_variables_and_elif_are_read_as_jinja_means_them()
    {
        const string text = """
---
model: gpt-4o-2024-08-06
sample:
  items: [red, green]
  level: 2
---
user:
Context: {% for item in items %}{{loop.index}}.{{item}} {% endfor %}{% if level == 1 %}one{% elif level == 2 %}two{% endif %}
""";
        var result = PromptyReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("Context: 1.red 2.green two", PromptRenderer.Render(result.Prompt!).Single().Content);
    }

    [Fact]
    public void Mustache_sections_render_through_handlebars()
    {
        const string text = """
---
model: gpt-4o-2024-08-06
template: mustache
sample:
  items:
    - name: tea
    - name: cake
---
user:
{{#each items}}- {{name}}
{{/each}}
""";
        var result = PromptyReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("- tea\n- cake", PromptRenderer.Render(result.Prompt!).Single().Content);
    }

    [Fact]
    public void Jinja_filters_and_comments_render_as_jinja_renders_them()
    {
        const string text = """
---
model: gpt-4o-2024-08-06
sample:
  name: Dana
---
user:
{# greeting #}Hello {{ name | upper }} and {{- name -}}!
""";
        var result = PromptyReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("Hello DANA andDana!", PromptRenderer.Render(result.Prompt!).Single().Content);
    }

    [Fact]
    public void An_unknown_filter_is_LLMP020_at_the_filter()
    {
        const string text = """
---
model: gpt-4o-2024-08-06
sample:
  name: Dana
---
user:
Hello {{ name | shout }}
""";
        var result = PromptyReader.Read(File, text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.TemplateNotRenderable, 7, 17), (d.Code, d.Line, d.Column));
        Assert.Contains("shout", d.Message);
    }

    [Fact]
    public void Tools_base_and_a_sample_file_are_LLMP004_warnings_and_the_prompt_is_kept()
    {
        const string text = """
---
name: with-tools
model: gpt-4o-2024-08-06
base: shared.prompty
sample: ${file:sample.json}
tools:
  - name: getWeather
    kind: function
---
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        Assert.NotNull(result.Prompt);
        Assert.False(result.HasErrors);
        Assert.Equal(
            new[] { (PromptDiagnosticCodes.UnknownKey, 4, 1), (PromptDiagnosticCodes.UnknownKey, 6, 1), (PromptDiagnosticCodes.UnknownKey, 5, 1) },
            result.Diagnostics.Select(d => (d.Code, d.Line, d.Column)));
        Assert.All(result.Diagnostics, d => Assert.Equal(PromptSeverity.Warning, d.Severity));
    }

    [Fact]
    public void Unknown_keys_are_LLMP004_and_wrong_types_are_LLMP003()
    {
        const string text = """
---
nmae: typo
model:
  id: gpt-4o-2024-08-06
  options:
    temperature: hot
    topK: 40
---
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        Assert.Null(result.Prompt);
        Assert.Equal(
            new[]
            {
                (PromptDiagnosticCodes.UnknownKey, PromptSeverity.Warning, 2, 1),
                (PromptDiagnosticCodes.InvalidValue, PromptSeverity.Error, 6, 18),
                (PromptDiagnosticCodes.UnknownKey, PromptSeverity.Warning, 7, 5),
            },
            result.Diagnostics.Select(d => (d.Code, d.Severity, d.Line, d.Column)));
    }

    [Fact]
    public void Pure_yaml_instructions_are_the_prompt_when_the_body_is_empty()
    {
        const string text = """
---
name: agent
model: gpt-4o-2024-08-06
instructions: |-
  system:
  You help {{firstName}}.
  user:
  {{question}}
---
""";
        var prompt = PromptyReader.Read(File, text).Prompt!;

        Assert.Equal(new[] { ("system", "You help {{firstName}}."), ("user", "{{question}}") }, prompt.Messages.Select(m => (m.Role, m.Template)));
        Assert.Equal(new SourcePosition(6, 3), prompt.Locations.Of("messages[0].content"));
        Assert.Equal(new SourcePosition(8, 3), prompt.Locations.Of("messages[1].content"));
    }

    [Fact]
    public void Tool_messages_and_images_are_warned_about()
    {
        const string text = """
---
model: gpt-4o-2024-08-06
---
user:
What is in ![photo](https://example.com/a.png) ?
tool:
{"temp": 20}
""";
        var result = PromptyReader.Read(File, text);

        var message = Assert.Single(result.Prompt!.Messages);
        Assert.Equal("user", message.Role);
        Assert.Equal(
            new[] { (PromptDiagnosticCodes.UnknownKey, 5, 12), (PromptDiagnosticCodes.UnknownKey, 6, 1) },
            result.Diagnostics.Select(d => (d.Code, d.Line, d.Column)));
    }

    [Fact]
    public void V1_openai_configuration_uses_name_and_warns_about_function_calling()
    {
        const string text = """
---
name: OpenAI prompt
model:
  api: completion
  configuration:
    type: openai
    name: gpt-4o-mini-2024-07-18
    azure_deployment: ignored-deployment
  parameters:
    max_tokens: 50
    response_format: { type: json_schema, json_schema: { name: answer } }
    tools:
      - type: function
---
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        var prompt = result.Prompt!;
        Assert.Equal("gpt-4o-mini-2024-07-18", prompt.Model);
        Assert.Equal(new SourcePosition(7, 11), prompt.Locations.Of("model"));
        Assert.Equal("json_schema", prompt.Parameters.ResponseFormat);
        Assert.Equal(
            new[] { (PromptDiagnosticCodes.UnknownKey, PromptSeverity.Warning, 4, 8), (PromptDiagnosticCodes.UnknownKey, PromptSeverity.Warning, 12, 5) },
            result.Diagnostics.Select(d => (d.Code, d.Severity, d.Line, d.Column)));
        Assert.Contains("model.parameters.tools", result.Diagnostics[1].Message);
    }

    [Fact]
    public void PromptFileReader_dispatches_prompty_files_here()
    {
        var result = PromptFileReader.Read("prompts/basic.prompty", V1);

        Assert.Equal(PromptSourceFormat.Prompty, result.Prompt!.Format);
        Assert.Equal("basic-prompt", result.Prompt.Id);
    }

    [Fact]
    public void Values_out_of_range_and_bad_variable_names_are_LLMP003_like_native_prompts()
    {
        const string text = """
---
model:
  id: gpt-4o-2024-08-06
  options:
    temperature: 3
    maxOutputTokens: 0
inputs:
  first name: Dana
sample:
  first name: Dana
---
user:
hi
""";
        var result = PromptyReader.Read(File, text);

        Assert.Null(result.Prompt);
        Assert.Equal(
            new[] { (PromptDiagnosticCodes.InvalidValue, 5, 18), (PromptDiagnosticCodes.InvalidValue, 6, 22), (PromptDiagnosticCodes.InvalidValue, 8, 3) },
            result.Diagnostics.Select(d => (d.Code, d.Line, d.Column)));
    }

    [Fact]
    public void Model_under_connection_and_shorthand_inputs()
    {
        const string text = """
---
name: Basic Prompt
metadata:
  authors:
    - sethjuarez

model:
  api: chat
  connection:
    azure_deployment: gpt-4o-2024-08-06
inputs:
  firstName: Jane
  chat_history: []
---
system:
# Customer
You are helping {{firstName}}.
""";
        var result = PromptyReader.Read(File, text);

        var prompt = result.Prompt!;
        Assert.Equal("gpt-4o-2024-08-06", prompt.Model);
        Assert.Equal(new SourcePosition(10, 23), prompt.Locations.Of("model"));
        Assert.Equal(new[] { ("firstName", "Jane"), ("chat_history", "[]") }, prompt.Variables.Select(v => (v.Name, v.Sample)));
        Assert.Equal("# Customer\nYou are helping {{firstName}}.", Assert.Single(prompt.Messages).Template);
    }

    [Fact]
    public void An_alias_bomb_in_the_front_matter_is_refused_at_the_alias_that_passes_the_limit()
    {
        // Eight levels of ten aliases each: 10^8 nodes once expanded. The fifth level passes 100,000 at its 8th alias.
        var levels = new[] { "a: &a [x,x,x,x,x,x,x,x,x,x]" }
            .Concat("bcdefgh".Select((c, i) => $"{c}: &{c} [{string.Join(",", Enumerable.Repeat("*" + "abcdefgh"[i], 10))}]"));
        var text = "---\nmodel: gpt-4o-2024-08-06\nsample:\n" + string.Concat(levels.Select(l => "  " + l + "\n")) + "---\nuser:\n{{h}}\n";

        var result = PromptyReader.Read(File, text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.UnreadableFile, File, 8, 31), (d.Code, d.File, d.Line, d.Column));
        Assert.Contains("100,000", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_that_aliases_long_text_is_cut_at_the_json_limit()
    {
        var text = "---\nmodel: gpt-4o-2024-08-06\nsample:\n  a: &a \"" + new string('x', 200_000) + "\"\n  h: [*a, *a, *a, *a, *a, *a]\n---\nuser:\n{{a}} {{h}}\n";

        var prompt = PromptyReader.Read(File, text).Prompt!;

        Assert.Equal(YamlAccess.MaxJsonSampleChars, prompt.Variables.Single(v => v.Name == "h").Sample.Length);
        Assert.Equal(200_000, prompt.Variables.Single(v => v.Name == "a").Sample.Length);
    }

    [Fact]
    public void An_indented_dash_line_inside_the_front_matter_does_not_close_it()
    {
        const string text = """
---
description: |
  Intro
  ---
  More
model: gpt-4o-2024-08-06
---
user:
hi
""";
        var prompt = PromptyReader.Read(File, text).Prompt!;

        Assert.Equal("Intro\n---\nMore\n", prompt.Description);
        Assert.Equal(new SourcePosition(9, 1), prompt.Locations.Of("messages[0].content"));
    }

    [Fact]
    public void Garbage_never_throws()
    {
        foreach (var text in new[] { string.Empty, "---", "---\n---", "---\n: :\n---\nx", "---\n- a\n- b\n---\nuser:\nx", "---\n[\n---\n", "\0\0\0" })
        {
            var result = PromptyReader.Read(File, text);
            Assert.Null(result.Prompt);
            Assert.True(result.HasErrors);
        }
    }
}
