using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Prompts.Rendering;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>
/// Renders a prompt into the messages one call sends, with the engine its format uses: native prompts message by
/// message with <see cref="PromptTemplate"/>; imported prompts (<see cref="PromptDefinition.Document"/>) as a whole with
/// Fluid (Liquid/Jinja2), Handlebars.Net or Semantic Kernel's syntax, then split into messages as their format does.
/// </summary>
public static class PromptRenderer
{
    /// <summary>The prompt's sample values: each variable's <see cref="PromptVariable.Value"/>, else its sample text.</summary>
    public static IReadOnlyDictionary<string, object?> SampleValues(PromptDefinition prompt)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var variable in prompt.Variables)
        {
            if (variable?.Name is { } name && !values.ContainsKey(name))
            {
                values[name] = variable.Value ?? variable.Sample ?? string.Empty;
            }
        }

        return values;
    }

    /// <summary>
    /// The messages rendered with <paramref name="values"/> (the samples when null). Throws
    /// <see cref="InvalidOperationException"/> when the template cannot be rendered with these values (the readers
    /// render every file once with its samples, so a file that read without errors renders with them).
    /// </summary>
    public static IReadOnlyList<ChatMessageText> Render(PromptDefinition prompt, IReadOnlyDictionary<string, object?>? values = null)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        values ??= SampleValues(prompt);
        if (prompt.Document is { } document)
        {
            try
            {
                return PromptLayouts.Split(RenderText(document, values, null), document.Layout);
            }
            catch (TemplateRenderException ex)
            {
                throw new InvalidOperationException($"Prompt '{prompt.Id}' cannot be rendered: {ex.Message}", ex);
            }
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in values)
        {
            texts[pair.Key] = TemplateValues.ToText(pair.Value);
        }

        var messages = new List<ChatMessageText>(prompt.Messages.Count);
        foreach (var message in prompt.Messages)
        {
            var template = message.Template ?? string.Empty;

            // A template without placeholders renders as itself; skip the renderer for it.
            var text = template.IndexOf("{{", StringComparison.Ordinal) < 0 ? template : PromptTemplate.Render(template, texts);
            messages.Add(new ChatMessageText(message.Role ?? string.Empty, text));
        }

        return messages;
    }

    /// <summary>The document's text after its engine; <paramref name="trace"/> collects what could not be known.</summary>
    internal static string RenderText(PromptDocument document, IReadOnlyDictionary<string, object?> values, RenderTrace? trace) => document.Engine switch
    {
        PromptTemplateEngine.Liquid => LiquidEngine.Render(document.Template, document.Jinja, values, trace?.Undefined),
        PromptTemplateEngine.Handlebars => HandlebarsEngine.Render(document.Template, values, trace?.FunctionCalls),
        PromptTemplateEngine.SemanticKernel => SemanticKernelSyntax.Render(document.Template, values, trace?.FunctionCalls),
        _ => PromptTemplate.Render(document.Template, ToTexts(values)),
    };

    private static Dictionary<string, string> ToTexts(IReadOnlyDictionary<string, object?> values)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in values)
        {
            texts[pair.Key] = TemplateValues.ToText(pair.Value);
        }

        return texts;
    }
}

/// <summary>What a render met that the values did not settle: variables with no value, function calls.</summary>
internal sealed class RenderTrace
{
    public List<string> Undefined { get; } = new();

    public List<string> FunctionCalls { get; } = new();
}
