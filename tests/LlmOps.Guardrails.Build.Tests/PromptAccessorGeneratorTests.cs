using System.Reflection;
using LlmOps.Guardrails.Core.Prompts;
using Microsoft.Extensions.AI;
using CorePromptMessage = LlmOps.Guardrails.Core.Prompts.PromptMessage;

namespace LlmOps.Guardrails.Build.Tests;

public sealed class PromptAccessorGeneratorTests
{
    // Everything a string literal can get wrong.
    private const string Tricky = "Quote \" backslash \\ path C:\\temp\\new tab\t CR\r LF\n NUL\0 braces {{ {not a var}} {\"a\": {\"b\": 1}} "
        + "unicode é ü 中文 emoji 😀 line-sep \u2028 para-sep \u2029 next-line \u0085 bom \uFEFF lone \uD800 end";

    [Fact]
    public void Generated_code_compiles_without_warnings_with_and_without_Microsoft_Extensions_AI()
    {
        var prompts = new[] { Accessor(TrickyPrompt()), Accessor(Simple("support.classify")), Accessor(Simple("support-classify")) };

        foreach (var useAI in new[] { true, false })
        {
            var source = Generate(prompts, useAI);
            var (diagnostics, assembly) = GeneratedCodeCompiler.Compile(source, withExtensionsAI: useAI);
            Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics) + "\n" + source);
            Assert.NotNull(assembly);
        }
    }

    [Fact]
    public void Render_gives_the_same_text_as_Core_for_tricky_templates()
    {
        var prompt = TrickyPrompt();
        var (diagnostics, assembly) = GeneratedCodeCompiler.Compile(Generate(new[] { Accessor(prompt) }, useAI: true));
        Assert.Empty(diagnostics);

        var type = assembly!.GetType("Consumer.App.Prompts+TrickyOne", throwOnError: true)!;
        var values = new[] { "value \"1\" \\ {{ticket}}", "second\nline 😀", "@", "3", "4" };
        var rendered = (System.Collections.IEnumerable)type.GetMethod("Render")!.Invoke(null, values)!;
        var messages = rendered.Cast<object>().Select(m => (Role: (string)m.GetType().GetProperty("Role")!.GetValue(m)!, Content: (string)m.GetType().GetProperty("Content")!.GetValue(m)!)).ToList();

        var byName = prompt.Variables.Select((v, i) => (v.Name, Value: values[i])).ToDictionary(x => x.Name, x => x.Value);
        Assert.Equal(prompt.Messages.Count, messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            Assert.Equal(prompt.Messages[i].Role, messages[i].Role);
            Assert.Equal(PromptTemplate.Render(prompt.Messages[i].Template, byName), messages[i].Content);
        }

        Assert.Equal(Tricky, type.GetField("Description")!.GetValue(null));
        Assert.Equal(7, type.GetField("Version")!.GetValue(null));
        Assert.Equal(Tricky, type.GetProperty("StopSequences")!.GetValue(null) is IReadOnlyList<string> stops ? stops[1] : null);

        var chat = (IList<ChatMessage>)type.GetMethod("RenderChatMessages")!.Invoke(null, values)!;
        Assert.Equal(messages.Select(m => m.Content), chat.Select(c => c.Text));
        Assert.Equal(ChatRole.System, chat[0].Role);
    }

    [Fact]
    public void CreateChatOptions_carries_the_model_parameters_and_attribution()
    {
        var (diagnostics, assembly) = GeneratedCodeCompiler.Compile(Generate(new[] { Accessor(TrickyPrompt()) }, useAI: true));
        Assert.Empty(diagnostics);
        var type = assembly!.GetType("Consumer.App.Prompts+TrickyOne", throwOnError: true)!;

        var options = (ChatOptions)type.GetMethod("CreateChatOptions")!.Invoke(null, null)!;

        Assert.Equal("gpt-4o-2024-08-06", options.ModelId);
        Assert.Equal(321, options.MaxOutputTokens);
        Assert.Equal(0.2f, options.Temperature);
        Assert.Equal(0.9f, options.TopP);
        Assert.Equal(42L, options.Seed);
        Assert.Equal(new[] { "###", Tricky }, options.StopSequences);
        Assert.Same(ChatResponseFormat.Json, options.ResponseFormat);
        Assert.Equal("triage \"x\"", options.AdditionalProperties!["llmops.feature"]);
        Assert.Equal("support", options.AdditionalProperties["llmops.team"]);
        Assert.Equal("tricky.one", options.AdditionalProperties["llmops.prompt.id"]);
        Assert.Equal(7, options.AdditionalProperties["llmops.prompt.version"]);
        Assert.NotSame(options, type.GetMethod("CreateChatOptions")!.Invoke(null, null));
    }

    [Fact]
    public void Names_are_PascalCase_unique_and_clear_of_keywords_and_members()
    {
        var ids = new[] { "support.classify", "support-classify", "support_classify", "render", "class", "2fa", "prompts", "prompt-message", "ünïcode" };
        var accessors = ids.Select(id => Accessor(Simple(id))).OrderBy(a => a.Prompt.Id, StringComparer.Ordinal).ToList();

        var names = PromptAccessorGenerator.ClassNames(accessors, "Prompts");

        Assert.Equal(
            new[] { "_2fa", "Class", "PromptMessagePrompt", "PromptsPrompt", "RenderPrompt", "SupportClassify", "SupportClassify2", "SupportClassify3", "Ünïcode" },
            names);
        var source = Generate(accessors, useAI: true);
        var (diagnostics, _) = GeneratedCodeCompiler.Compile(source);
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics) + "\n" + source);
    }

    [Fact]
    public void Parameters_are_camelCase_unique_and_keywords_are_escaped()
    {
        var variables = new[] { "customer_name", "customer-name", "class", "Ticket", "ticketId", "2nd" }
            .Select(n => new PromptVariable { Name = n }).ToList();

        Assert.Equal(new[] { "customerName", "customerName2", "@class", "ticket", "ticketId", "_2nd" }, PromptAccessorGenerator.ParameterNames(variables));
    }

    [Fact]
    public void Output_is_deterministic_and_independent_of_input_order()
    {
        var a = Accessor(Simple("b.prompt"));
        var b = Accessor(Simple("a.prompt"));

        var first = Generate(new[] { a, b }, useAI: true);
        var second = Generate(new[] { b, a }, useAI: true);

        Assert.Equal(first, second);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
        Assert.StartsWith("// <auto-generated/>\n", first, StringComparison.Ordinal);
        Assert.Contains("#nullable enable", first, StringComparison.Ordinal);
        Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"LlmOps.Guardrails.Build\", \"1.2.3\")]", first, StringComparison.Ordinal);
        Assert.True(first.IndexOf("class APrompt", StringComparison.Ordinal) < first.IndexOf("class BPrompt", StringComparison.Ordinal));
    }

    [Fact]
    public void Global_namespace_and_custom_class_name_work()
    {
        var source = PromptAccessorGenerator.Generate(new[] { Accessor(Simple("x")) }, new PromptAccessorOptions { Namespace = "", ClassName = "AppPrompts", ToolVersion = "1" });

        Assert.DoesNotContain("namespace", source, StringComparison.Ordinal);
        var (diagnostics, assembly) = GeneratedCodeCompiler.Compile(source, withExtensionsAI: false);
        Assert.Empty(diagnostics);
        Assert.NotNull(assembly!.GetType("AppPrompts+X"));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("l1\nl2\r\n", "\"l1\\nl2\\r\\n\"")]
    [InlineData("{{x}}", "\"{{x}}\"")]
    [InlineData("\u2028", "\"\\u2028\"")]
    [InlineData("é😀", "\"é😀\"")]
    public void String_literals_are_escaped(string value, string literal) =>
        Assert.Equal(literal, CSharpSyntax.StringLiteral(value));

    private static PromptAccessor Accessor(PromptDefinition prompt) => new(prompt, prompt.Id == "tricky.one" ? 7 : 1, "sha256:" + new string('a', 64));

    private static string Generate(IReadOnlyList<PromptAccessor> prompts, bool useAI) =>
        PromptAccessorGenerator.Generate(prompts, new PromptAccessorOptions { Namespace = "Consumer.App", UseExtensionsAI = useAI, ToolVersion = "1.2.3" });

    private static PromptDefinition Simple(string id) => new()
    {
        Id = id,
        Model = "gpt-4o-mini-2024-07-18",
        Variables = new[] { new PromptVariable { Name = "ticket" } },
        Messages = new[] { new CorePromptMessage { Role = "user", Template = "{{ticket}}" } },
        SourcePath = "prompts/" + id + ".prompt.yaml",
    };

    private static PromptDefinition TrickyPrompt() => new()
    {
        Id = "tricky.one",
        Description = Tricky,
        Feature = "triage \"x\"",
        Team = "support",
        Model = "gpt-4o-2024-08-06",
        Fallbacks = new[] { "claude-haiku-4-5-20251001" },
        Parameters = new PromptParameters
        {
            Temperature = 0.2,
            TopP = 0.9,
            MaxOutputTokens = 321,
            Seed = 42,
            StopSequences = new[] { "###", Tricky },
            ResponseFormat = "json",
            FrequencyPenalty = 1E-05,
        },
        Variables = new[]
        {
            new PromptVariable { Name = "ticket", Description = "The <ticket> & \"text\"" },
            new PromptVariable { Name = "customer_name" },
            new PromptVariable { Name = "class" },
            new PromptVariable { Name = "a.b-c" },
            new PromptVariable { Name = "unused" },
        },
        Messages = new[]
        {
            new CorePromptMessage { Role = "system", Template = Tricky },
            new CorePromptMessage { Role = "user", Template = "T: {{ticket}}{{ ticket }}{{customer_name}} {{class}}/{{a.b-c}} {{undeclared}} {{ bad name }} {{{ticket}}} \"\\ {{" },
            new CorePromptMessage { Role = "assistant", Template = "{{ticket}}" },
            new CorePromptMessage { Role = "user", Template = string.Empty },
        },
        SourcePath = "prompts/tricky*/one.prompt.yaml",
    };
}
