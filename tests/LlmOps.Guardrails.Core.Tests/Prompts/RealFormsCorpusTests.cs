using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;
using HandlebarsDotNet;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Tests.Prompts;

/// <summary>
/// Prompty and Semantic Kernel files written the way public projects write them (loops, conditions, object properties,
/// examples, handlebars, <c>{{$var}}</c>, no model, odd names). Each must be read without errors, priced with a project
/// default model, and counted exactly as a rendering made here with the same engine (Fluid, Handlebars.Net).
/// </summary>
public sealed class RealFormsCorpusTests
{
    private const string DefaultModel = "gpt-4o-2024-08-06";

    private static readonly DateTimeOffset At = new(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Prompts", "RealFormsCorpus");

    private static List<string> Relative() =>
        Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Relative())
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_40_files_of_both_formats()
    {
        var formats = Relative().Select(f => PromptFileReader.ReadFile(Path.Combine(Folder, f)).Prompt?.Format).ToList();
        Assert.True(formats.Count >= 40, formats.Count.ToString());
        Assert.True(formats.Count(f => f == PromptSourceFormat.Prompty) >= 20);
        Assert.True(formats.Count(f => f == PromptSourceFormat.SemanticKernel) >= 15);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_file_is_read_priced_and_counted_as_its_engine_renders_it(string relative)
    {
        var path = Path.Combine(Folder, relative);
        var result = PromptFileReader.ReadFile(path);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var read = result.Prompt!;
        Assert.NotNull(read.Document);
        Assert.Equal(relative.StartsWith("prompty", StringComparison.Ordinal) ? PromptSourceFormat.Prompty : PromptSourceFormat.SemanticKernel, read.Format);

        var prompt = PromptDefaults.ApplyDefaultModel(read, DefaultModel, out var unpriced);
        Assert.Null(unpriced);
        var estimate = PromptEstimator.Estimate(prompt, ModelCatalog.Default, At);
        Assert.NotNull(estimate.CostPerCall);
        Assert.True(estimate.InputTokens > 0);

        var reference = ReferenceMessages(prompt);
        Assert.NotEmpty(reference);
        var expected = TokenCounters.ForModel(estimate.Model).CountChat(reference).Tokens;
        Assert.Equal(expected, estimate.InputTokens);
        Assert.Equal(reference.Select(m => (m.Role, m.Content)), PromptRenderer.Render(prompt).Select(m => (m.Role, m.Content)));
    }

    [Fact]
    public void Loops_conditions_objects_and_examples_reach_the_messages()
    {
        Assert.Equal(
            new[] { "system", "user", "assistant", "user" },
            Render("prompty/chat-history.prompty").Select(m => m.Role));
        Assert.Contains("[doc-31] Returns", Render("prompty/rag-documents.prompty")[0].Content, StringComparison.Ordinal);
        Assert.Contains("Amara Osei, who joins the Platform team", Render("prompty/participant-object.prompty")[1].Content, StringComparison.Ordinal);
        var tiered = Render("prompty/conditions.prompty")[0].Content;
        Assert.Contains("gold customer", tiered, StringComparison.Ordinal);
        Assert.DoesNotContain("silver", tiered, StringComparison.Ordinal);
        Assert.Contains("priority line", tiered, StringComparison.Ordinal);
        Assert.Equal("Pick exactly one queue from this list: billing, shipping, accounts.", Render("prompty/prompty2-inputs-example.prompty")[0].Content);
        Assert.Equal("Hello, I am Sam.", Render("prompty/default-filter.prompty")[1].Content);
        Assert.Contains("It has 3 tags: waterproof, lightweight, wide fit.", Render("prompty/filters.prompty")[1].Content, StringComparison.Ordinal);
        Assert.Contains("1. Roadmap (20 min)", Render("semantic-kernel/liquid-loop.yaml")[1].Content, StringComparison.Ordinal);
        Assert.Contains("They are a VIP", Render("semantic-kernel/handlebars-if.yaml")[0].Content, StringComparison.Ordinal);
        Assert.Equal("Current forecast:", Render("semantic-kernel/handlebars-kernel-function.yaml")[0].Content);
    }

    [Fact]
    public void What_the_formats_allow_is_a_warning_or_an_info_not_an_error()
    {
        var undeclared = PromptFileReader.ReadFile(Path.Combine(Folder, "prompty", "undeclared-question.prompty"));
        Assert.Contains(undeclared.Diagnostics, d => d.Code == PromptDiagnosticCodes.UndeclaredVariable && d.Severity == PromptSeverity.Warning && (d.Line, d.Column) == (13, 3));

        var kernel = PromptFileReader.ReadFile(Path.Combine(Folder, "semantic-kernel", "chat-with-function.yaml"));
        Assert.Contains(kernel.Diagnostics, d => d.Code == PromptDiagnosticCodes.UndeclaredVariable && d.Message.Contains("user_message", StringComparison.Ordinal));
        var call = Assert.Single(kernel.Diagnostics, d => d.Code == PromptDiagnosticCodes.FunctionCallNotCounted);
        Assert.Equal((PromptSeverity.Info, 4, 3), (call.Severity, call.Line, call.Column));

        var noModel = PromptFileReader.ReadFile(Path.Combine(Folder, "prompty", "no-model.prompty")).Prompt!;
        PromptDefaults.ApplyDefaultModel(noModel, null, out var unpriced);
        Assert.Equal(PromptSeverity.Info, unpriced!.Severity);
    }

    private static IReadOnlyList<ChatMessageText> Render(string relative) =>
        PromptRenderer.Render(PromptFileReader.ReadFile(Path.Combine(Folder, relative)).Prompt!);

    // ---- The reference: each engine driven directly, with the prompt's own sample values. ----

    private static readonly Regex RoleMarker = new(@"^[ \t]*#?[ \t]*(system|user|assistant|developer)[ \t]*:[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline);

    private static readonly Regex MessageTag = new(@"<message\s+role=""([^""]*)""\s*>(.*?)</message>", RegexOptions.Singleline);

    private static List<ChatMessageText> ReferenceMessages(PromptDefinition prompt)
    {
        var document = prompt.Document!;
        var values = prompt.Variables.ToDictionary(v => v.Name, v => (object?)(v.Value ?? v.Sample), StringComparer.Ordinal);
        var text = document.Engine switch
        {
            PromptTemplateEngine.Liquid => RenderFluid(document.Template, document.Jinja, values),
            PromptTemplateEngine.Handlebars => RenderHandlebars(document.Template, values),
            _ => Regex.Replace(document.Template, @"\{\{(.*?)\}\}", m =>
            {
                var inner = m.Groups[1].Value.Trim();
                if (inner.StartsWith('$'))
                {
                    return values.TryGetValue(inner[1..], out var v) ? v?.ToString() ?? string.Empty : string.Empty;
                }

                return inner.StartsWith('\'') ? inner[1..^1] : string.Empty;
            }),
        };

        return document.Layout == PromptDocumentLayout.RoleMarkers ? SplitRoleMarkers(text) : SplitMessageTags(text);
    }

    private static string RenderFluid(string template, bool jinja, Dictionary<string, object?> values)
    {
        if (jinja)
        {
            // Jinja2 spellings of the same Liquid constructs.
            template = Regex.Replace(template, @"\{#.*?#\}", string.Empty, RegexOptions.Singleline);
            template = Regex.Replace(template, @"\{%(-?)\s*elif\b", "{%$1 elsif");
            template = Regex.Replace(template, @"\bloop\.", "forloop.");
            template = Regex.Replace(template, @"\|\s*(\w+)\(([^()]*)\)", "| $1: $2");
        }

        var parser = new FluidParser();
        Assert.True(parser.TryParse(template, out var parsed, out var error), error);
        var options = new TemplateOptionsBuilder()
            .AddFilter("upper", (input, _, ctx) => StringValue.Create(input.ToStringValue(ctx).ToUpperInvariant()))
            .AddFilter("length", (input, _, ctx) => input.GetValueAsync("size", ctx))
            .Build();
        var context = new TemplateContext(options);
        foreach (var pair in values)
        {
            context.SetValue(pair.Key, FluidValue.Create(pair.Value, options));
        }

        return parsed.Render(context);
    }

    private static string RenderHandlebars(string template, Dictionary<string, object?> values)
    {
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
        handlebars.RegisterHelper("message", (writer, options, context, arguments) =>
        {
            var role = arguments.Length > 0 && arguments[arguments.Length - 1] is IDictionary<string, object> hash ? hash["role"] : "user";
            writer.WriteSafeString($"<message role=\"{role}\">");
            options.Template(writer, context);
            writer.WriteSafeString("</message>");
        });
        handlebars.RegisterHelper("json", (context, arguments) => System.Text.Json.JsonSerializer.Serialize(arguments[0]));
        handlebars.RegisterHelper("helperMissing", (context, arguments) => string.Empty);
        return handlebars.Compile(template)(values);
    }

    private static List<ChatMessageText> SplitRoleMarkers(string text)
    {
        var messages = new List<ChatMessageText>();
        var markers = RoleMarker.Matches(text);
        var before = markers.Count == 0 ? text : text[..markers[0].Index];
        if (before.Trim().Length > 0)
        {
            messages.Add(new ChatMessageText("system", before.Trim()));
        }

        for (var i = 0; i < markers.Count; i++)
        {
            var start = markers[i].Index + markers[i].Length;
            var end = i + 1 < markers.Count ? markers[i + 1].Index : text.Length;
            var content = text[start..end].Trim();
            var role = markers[i].Groups[1].Value.ToLowerInvariant();
            if (content.Length > 0)
            {
                messages.Add(new ChatMessageText(role == "developer" ? "system" : role, content));
            }
        }

        return messages;
    }

    private static List<ChatMessageText> SplitMessageTags(string text)
    {
        var blocks = MessageTag.Matches(text);
        if (blocks.Count == 0)
        {
            return [new ChatMessageText("user", System.Net.WebUtility.HtmlDecode(text).Trim())];
        }

        return blocks
            .Select(b => new ChatMessageText(b.Groups[1].Value, System.Net.WebUtility.HtmlDecode(b.Groups[2].Value).Trim()))
            .Where(m => m.Content.Length > 0)
            .ToList();
    }
}
