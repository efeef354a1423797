using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Prompts.Imports;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Imports;

public sealed class SemanticKernelPromptReaderTests
{
    private const string File = "Prompts/summarize.yaml";

    private const string Full = """
name: Summarize Ticket
description: Summarises a support ticket.
template_format: semantic-kernel
template: |
  <message role="system">You summarise tickets for {{$team}}.</message>
  <message role="user">
  {{$ticket}}
  </message>
input_variables:
  - name: ticket
    description: The ticket text
    is_required: true
    sample: Cannot log in
  - name: team
    default: billing
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
    max_tokens: 300
    temperature: 0.3
    top_p: 0.95
    stop_sequences: ["END"]
    presence_penalty: 0.1
    frequency_penalty: 0.2
    seed: 7
""";

    [Fact]
    public void Maps_every_field()
    {
        var result = SemanticKernelPromptReader.Read(File, Full);

        Assert.Empty(result.Diagnostics);
        var prompt = Assert.IsType<PromptDefinition>(result.Prompt);
        Assert.Equal("summarize-ticket", prompt.Id);
        Assert.Equal("Summarises a support ticket.", prompt.Description);
        Assert.Equal("gpt-4o-2024-08-06", prompt.Model);
        Assert.Equal(PromptSourceFormat.SemanticKernel, prompt.Format);
        Assert.Equal(File, prompt.SourcePath);

        var p = prompt.Parameters;
        Assert.Equal(300, p.MaxOutputTokens);
        Assert.Equal(0.3, p.Temperature);
        Assert.Equal(0.95, p.TopP);
        Assert.Equal(new[] { "END" }, p.StopSequences);
        Assert.Equal(0.1, p.PresencePenalty);
        Assert.Equal(0.2, p.FrequencyPenalty);
        Assert.Equal(7L, p.Seed);
        Assert.Null(p.ResponseFormat);

        Assert.Equal(
            new[] { ("system", "You summarise tickets for {{$team}}."), ("user", "{{$ticket}}") },
            prompt.Messages.Select(m => (m.Role, m.Template)));
        Assert.Collection(
            prompt.Variables,
            v => Assert.Equal(("ticket", "The ticket text", "Cannot log in"), (v.Name, v.Description, v.Sample)),
            v => Assert.Equal(("team", (string?)null, "billing"), (v.Name, v.Description, v.Sample)));
    }

    [Fact]
    public void Positions_point_into_the_yaml_and_the_template_block()
    {
        var map = SemanticKernelPromptReader.Read(File, Full).Prompt!.Locations;

        Assert.Equal(new SourcePosition(1, 7), map.Of("id"));
        Assert.Equal(new SourcePosition(18, 15), map.Of("model"));
        Assert.Equal(new SourcePosition(19, 17), map.Of("parameters.max_output_tokens"));
        Assert.Equal(new SourcePosition(10, 11), map.Of("variables.ticket"));
        Assert.Equal(new SourcePosition(14, 11), map.Of("variables.team"));
        Assert.Equal(new SourcePosition(5, 3), map.Of("messages[0]"));
        Assert.Equal(new SourcePosition(5, 26), map.Of("messages[0].content"));
        Assert.Equal(new SourcePosition(6, 3), map.Of("messages[1].role"));
        Assert.Equal(new SourcePosition(7, 3), map.Of("messages[1].content"));
    }

    [Fact]
    public void A_template_without_message_blocks_is_one_user_message()
    {
        const string text = """
name: summarize
template: |
  Summarize this: {{ $input }}
input_variables:
  - name: input
execution_settings:
  default:
    model_id: gpt-4o-mini-2024-07-18
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        var message = Assert.Single(result.Prompt!.Messages);
        Assert.Equal(("user", "Summarize this: {{ $input }}"), (message.Role, message.Template));
        Assert.Equal(new SourcePosition(3, 3), result.Prompt.Locations.Of("messages[0].content"));
        Assert.Equal(string.Empty, Assert.Single(result.Prompt.Variables).Sample);
    }

    [Fact]
    public void Without_a_default_entry_the_first_settings_are_used_and_the_rest_warned_about()
    {
        const string text = """
name: x
template: Hello {{$name}}
input_variables:
  - name: name
    default: Dana
execution_settings:
  azure_openai:
    service_id: azure_openai
    model_id: gpt-4o-2024-08-06
    max_tokens: 100
  openai:
    model_id: gpt-4o-mini-2024-07-18
    max_tokens: 50
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        var prompt = result.Prompt!;
        Assert.Equal("gpt-4o-2024-08-06", prompt.Model);
        Assert.Equal(100, prompt.Parameters.MaxOutputTokens);
        Assert.Equal("Hello {{$name}}", Assert.Single(prompt.Messages).Template);
        Assert.Equal(new SourcePosition(2, 11), prompt.Locations.Of("messages[0].content"));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.UnknownKey, PromptSeverity.Warning, 11, 3), (d.Code, d.Severity, d.Line, d.Column));
        Assert.Contains("execution_settings.openai", d.Message);
    }

    [Fact]
    public void The_default_entry_wins_wherever_it_is_written()
    {
        const string text = """
template: Hi
execution_settings:
  slow:
    model_id: gpt-4o-2024-08-06
  default:
    model_id: gpt-4o-mini-2024-07-18
    temperature: 0
""";
        var result = SemanticKernelPromptReader.Read("prompts/hello.yml", text);

        Assert.Equal("gpt-4o-mini-2024-07-18", result.Prompt!.Model);
        Assert.Equal(0.0, result.Prompt.Parameters.Temperature);
        Assert.Equal("hello", result.Prompt.Id);
        Assert.Equal(new SourcePosition(6, 15), result.Prompt.Locations.Of("model"));
        Assert.Equal((3, 3), (result.Diagnostics[0].Line, result.Diagnostics[0].Column));
    }

    [Fact]
    public void Settings_without_model_id_give_a_prompt_with_no_model()
    {
        const string text = """
name: x
template: Hi
execution_settings:
  default:
    max_tokens: 10
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        Assert.False(result.Prompt!.HasModel);
        Assert.Equal(10, result.Prompt.Parameters.MaxOutputTokens);
        Assert.Equal(new SourcePosition(4, 3), result.Prompt.Locations.Of("model"));
    }

    [Fact]
    public void Without_execution_settings_the_prompt_has_no_model()
    {
        var result = SemanticKernelPromptReader.Read(File, "name: x\ntemplate: Hi\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(string.Empty, result.Prompt!.Model);
        Assert.Equal(new[] { ("user", "Hi") }, PromptRenderer.Render(result.Prompt).Select(m => (m.Role, m.Content)));
    }

    [Fact]
    public void Empty_template_is_LLMP002_at_the_template_key()
    {
        const string text = """
name: x
template: "  "
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.MissingField, 2, 1), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Invalid_yaml_is_LLMP001_with_its_position()
    {
        const string text = """
name: x
template: |
  Hi
execution_settings:
  default:
    model_id: [gpt-4o
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Null(result.Prompt);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(PromptDiagnosticCodes.InvalidYaml, d.Code);
        Assert.Equal(PromptSeverity.Error, d.Severity);
        Assert.True(d.Line >= 6, d.ToString());
    }

    [Fact]
    public void Handlebars_message_helpers_become_messages()
    {
        const string text = """
name: hb
template_format: handlebars
template: |
  {{#message role="system"}}You are helpful.{{/message}}
  {{#message role="user"}}{{question}}{{/message}}
input_variables:
  - name: question
    sample: Why?
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            new[] { ("system", "You are helpful."), ("user", "{{question}}") },
            result.Prompt!.Messages.Select(m => (m.Role, m.Template)));
        Assert.Equal(new SourcePosition(5, 3), result.Prompt.Locations.Of("messages[1]"));
        Assert.Equal(new SourcePosition(5, 27), result.Prompt.Locations.Of("messages[1].content"));
    }

    [Fact]
    public void Handlebars_loops_repeat_message_blocks()
    {
        const string text = """
name: hb
template_format: handlebars
template: |
  <message role="system">Be brief.</message>
  {{#each history}}
  <message role="{{role}}">{{content}}</message>
  {{/each}}
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        var history = new List<object?>
        {
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = "Hi" },
            new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = "Hello" },
        };
        var messages = PromptRenderer.Render(result.Prompt!, new Dictionary<string, object?> { ["history"] = history });
        Assert.Equal(new[] { ("system", "Be brief."), ("user", "Hi"), ("assistant", "Hello") }, messages.Select(m => (m.Role, m.Content)));
    }

    [Fact]
    public void Liquid_tags_render_through_fluid()
    {
        const string text = """
name: lq
template_format: liquid
template: |
  <message role="user">{% if vip %}Priority: {% endif %}{{ ticket }}</message>
input_variables:
  - name: vip
    default: true
  - name: ticket
    default: Printer on fire
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal("Priority: Printer on fire", PromptRenderer.Render(result.Prompt!).Single().Content);
    }

    [Fact]
    public void Function_calls_render_as_empty_output_with_an_info()
    {
        const string text = """
name: fn
template: |
  <message role="user">Today is {{time.today}}. {{$request}}</message>
input_variables:
  - name: request
    sample: Book a room
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
    function_choice_behavior:
      type: auto
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Equal("Today is {{time.today}}. {{$request}}", result.Prompt!.Messages[0].Template);
        Assert.Equal("Today is . Book a room", PromptRenderer.Render(result.Prompt).Single().Content);
        var info = Assert.Single(result.Diagnostics, d => d.Code == PromptDiagnosticCodes.FunctionCallNotCounted);
        Assert.Equal((PromptSeverity.Info, 3, 33), (info.Severity, info.Line, info.Column));
        Assert.Contains("time.today", info.Message);
        var unknown = Assert.Single(result.Diagnostics, d => d.Code == PromptDiagnosticCodes.UnknownKey);
        Assert.Equal((10, 5), (unknown.Line, unknown.Column));
    }

    [Fact]
    public void Text_outside_messages_is_dropped_with_a_warning_and_entities_are_decoded()
    {
        const string text = """
name: xml
template: |
  Intro that SK ignores.
  <message role="user">Is 3 &lt; 4 &amp;&amp; "a" &gt; "b"?</message>
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Equal("Is 3 < 4 && \"a\" > \"b\"?", Assert.Single(result.Prompt!.Messages).Template);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.UnknownKey, 3, 3), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Input_variable_without_a_name_is_LLMP002_and_unknown_keys_LLMP004()
    {
        const string text = """
name: x
templat_format: semantic-kernel
template: Hi
input_variables:
  - description: no name
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Null(result.Prompt);
        Assert.Equal(
            new[] { (PromptDiagnosticCodes.UnknownKey, 2, 1), (PromptDiagnosticCodes.MissingField, 5, 5) },
            result.Diagnostics.Select(d => (d.Code, d.Line, d.Column)));
    }

    [Fact]
    public void Tool_and_unknown_roles()
    {
        const string text = """
name: roles
template: |
  <message role="tool">{"ok": true}</message>
  <message role="robot">beep</message>
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Null(result.Prompt);
        Assert.Equal(
            new[] { (PromptDiagnosticCodes.UnknownKey, PromptSeverity.Warning, 3, 3), (PromptDiagnosticCodes.InvalidValue, PromptSeverity.Error, 4, 3) },
            result.Diagnostics.Select(d => (d.Code, d.Severity, d.Line, d.Column)));
    }

    [Fact]
    public void Developer_role_text_elements_and_images()
    {
        const string text = """
name: vision
template: |
  <message role="developer">Describe images.</message>
  <message role="user"><text>What is this?</text><image>https://example.com/a.png</image></message>
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
    response_format: json_object
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Equal(
            new[] { ("system", "Describe images."), ("user", "What is this?") },
            result.Prompt!.Messages.Select(m => (m.Role, m.Template)));
        Assert.Equal("json", result.Prompt.Parameters.ResponseFormat);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((PromptDiagnosticCodes.UnknownKey, PromptSeverity.Warning, 4, 3), (d.Code, d.Severity, d.Line, d.Column));
    }

    [Fact]
    public void PromptFileReader_dispatches_yaml_with_a_template_key_here()
    {
        var result = PromptFileReader.Read(File, Full);

        Assert.Equal(PromptSourceFormat.SemanticKernel, result.Prompt!.Format);
        Assert.Equal("summarize-ticket", result.Prompt.Id);
    }

    [Fact]
    public void Dollar_names_are_accepted_and_bad_names_and_ranges_are_LLMP003()
    {
        const string text = """
name: x
template: "{{$ticket}}"
input_variables:
  - name: $ticket
    sample: hi
  - name: first name
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
    top_p: 1.5
""";
        var result = SemanticKernelPromptReader.Read(File, text);

        Assert.Null(result.Prompt);
        Assert.Equal(
            new[] { (PromptDiagnosticCodes.InvalidValue, 10, 12), (PromptDiagnosticCodes.InvalidValue, 6, 11) },
            result.Diagnostics.Select(d => (d.Code, d.Line, d.Column)));
    }

    [Theory]
    [InlineData("Summarize Ticket", "summarize-ticket")]
    [InlineData("SummarizeTicket", "summarize-ticket")]
    [InlineData("support.Triage v2", "support.triage-v2")]
    [InlineData("  __Hello, World!! ", "hello-world")]
    [InlineData("GPT4Turbo_prompt", "gpt4-turbo_prompt")]
    public void Names_are_slugged_into_ids(string name, string id)
    {
        var text = $"name: \"{name}\"\ntemplate: Hi\nexecution_settings:\n  default:\n    model_id: gpt-4o-2024-08-06\n";

        Assert.Equal(id, SemanticKernelPromptReader.Read(File, text).Prompt!.Id);
    }

    [Fact]
    public void Garbage_never_throws()
    {
        foreach (var text in new[] { string.Empty, "template", "- a\n- b", "template: [", "template: {a: 1}\nexecution_settings: 3", "\0\u0001", "a: &x [*x]" })
        {
            var result = SemanticKernelPromptReader.Read(File, text);
            Assert.Null(result.Prompt);
            Assert.True(result.HasErrors, text);
        }
    }
}
