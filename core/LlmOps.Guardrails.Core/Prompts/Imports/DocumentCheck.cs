using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Prompts.Rendering;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>
/// Checks an imported prompt's template against the engine that will render it: parses it (LLMP020 when the engine
/// cannot), renders it once with the samples (LLMP020 for what fails only then, such as an unknown filter), and reports
/// placeholders without a declared input (LLMP005, a warning: Prompty and Semantic Kernel render them as empty),
/// declared inputs the template never reads (LLMP006) and function calls counted as empty output (LLMP021, info).
/// </summary>
internal static class DocumentCheck
{
    private static readonly Regex Tag = new(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private static readonly Regex QuotedToken = new(@"'([#/^]?[A-Za-z_][\w.\-]*)'", RegexOptions.CultureInvariant);

    private static readonly Regex HandlebarsExpression = new(@"\{\{\{?~?\s*([#/^]?)\s*([@A-Za-z_.][\w.\-/@]*)([^}]*)\}\}", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> HandlebarsKeywords = new(StringComparer.Ordinal)
    {
        "if", "unless", "each", "with", "else", "this", "lookup", "log", "message", "json", "concat", "equals", "raw", "set", "get",
    };

    /// <summary>The messages the samples render to; null when the template cannot be rendered (reported).</summary>
    public static IReadOnlyList<ChatMessageText>? Run(
        ImportContext context, PromptDocument document, TextMap map, VariableList variables, IReadOnlyList<PromptVariable> built, string formatName, string inputsKey)
    {
        var text = document.Template;
        try
        {
            switch (document.Engine)
            {
                case PromptTemplateEngine.Liquid:
                    LiquidEngine.Parse(text, document.Jinja, out _);
                    break;
                case PromptTemplateEngine.Handlebars:
                    HandlebarsEngine.Compile(text);
                    break;
            }
        }
        catch (TemplateRenderException ex)
        {
            NotRenderable(context, document, map, ex, formatName);
            return null;
        }

        var samples = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var variable in built)
        {
            samples[variable.Name] = variable.Value ?? variable.Sample;
        }

        var trace = new RenderTrace();
        string rendered;
        try
        {
            rendered = PromptRenderer.RenderText(document, samples, trace);
        }
        catch (TemplateRenderException ex)
        {
            NotRenderable(context, document, map, ex, formatName);
            return null;
        }

        var undeclared = document.Engine switch
        {
            PromptTemplateEngine.Liquid => trace.Undefined,
            PromptTemplateEngine.SemanticKernel => new List<string>(SemanticKernelSyntax.Variables(text)),
            PromptTemplateEngine.Handlebars => HandlebarsRoots(text),
            _ => new List<string>(PromptTemplate.Placeholders(text)),
        };

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in undeclared)
        {
            if (variables.Contains(name) || !reported.Add(name))
            {
                continue;
            }

            context.Warning(
                PromptDiagnosticCodes.UndeclaredVariable,
                $"'{name}' is read by the template but has no declared input, so it renders as empty here (as {formatName} renders a missing value) and counts no tokens. "
                + $"Declare it under '{inputsKey}' with a realistic sample or example to count it.",
                map.At(FirstUse(text, name)));
        }

        foreach (var name in variables.Names)
        {
            if (FirstUse(text, name) < 0 || !IsUsed(text, name))
            {
                context.Warning(
                    PromptDiagnosticCodes.UnusedVariable,
                    $"The input '{name}' is declared but the template never reads it; use it in the template or remove it.",
                    context.PositionOf("variables." + name));
            }
        }

        var calls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in trace.FunctionCalls)
        {
            if (calls.Add(call))
            {
                context.Info(
                    PromptDiagnosticCodes.FunctionCallNotCounted,
                    $"'{call}' is a Semantic Kernel function call: its output is only known at run time, so it counts as empty here. "
                    + "Put a typical result in a variable with a sample to count it.",
                    map.At(CallOffset(text, call)));
            }
        }

        return PromptLayouts.Split(rendered, document.Layout);
    }

    private static void NotRenderable(ImportContext context, PromptDocument document, TextMap map, TemplateRenderException ex, string formatName)
    {
        var offset = ex.Offset;
        if (offset == 0 && QuotedToken.Match(ex.Message) is { Success: true } token)
        {
            // Handlebars.Net and Fluid's run-time errors name the tag or filter but give no position: find it.
            var name = token.Groups[1].Value;
            var at = document.Template.IndexOf("{{" + name, StringComparison.Ordinal);
            at = at >= 0 ? at : document.Template.IndexOf(name.TrimStart('#', '/', '^'), StringComparison.Ordinal);
            offset = Math.Max(0, at);
        }

        var engine = document.Engine == PromptTemplateEngine.Handlebars ? "Handlebars.Net" : "Fluid (Liquid)";
        context.Error(
            PromptDiagnosticCodes.TemplateNotRenderable,
            $"The {formatName} template cannot be rendered, so its tokens cannot be counted: {ex.Message} ({engine}). "
            + "Rewrite this construct in a form the engine supports (for Jinja2: 'elif', 'loop.index' and the filters length, lower, upper, trim and tojson are understood; "
            + "'not', inline 'if ... else', 'set' and method calls are not).",
            map.At(offset));
    }

    // The '{{' that opens the first block calling the function.
    private static int CallOffset(string text, string call)
    {
        var at = text.IndexOf(call, StringComparison.Ordinal);
        if (at < 0)
        {
            return 0;
        }

        var open = text.LastIndexOf("{{", at, StringComparison.Ordinal);
        return open >= 0 ? open : at;
    }

    /// <summary>The offset of the first tag that reads <paramref name="name"/>, or -1.</summary>
    private static int FirstUse(string text, string name)
    {
        var word = new Regex(@"(?<![\w.$@-])\$?" + Regex.Escape(name) + @"(?![\w-])", RegexOptions.CultureInvariant);
        foreach (Match tag in Tag.Matches(text))
        {
            var match = word.Match(tag.Value);
            if (match.Success)
            {
                return tag.Index + match.Index;
            }
        }

        return -1;
    }

    private static bool IsUsed(string text, string name) => FirstUse(text, name) >= 0;

    /// <summary>Top-level names a handlebars template reads outside <c>each</c>/<c>with</c> blocks (which change the context).</summary>
    private static List<string> HandlebarsRoots(string text)
    {
        var roots = new List<string>();
        var depth = 0;
        foreach (Match expression in HandlebarsExpression.Matches(text))
        {
            var kind = expression.Groups[1].Value;
            var head = expression.Groups[2].Value;
            var rest = expression.Groups[3].Value;
            if (kind == "/")
            {
                if (head is "each" or "with")
                {
                    depth = Math.Max(0, depth - 1);
                }

                continue;
            }

            if (depth == 0)
            {
                // A block or helper reads its arguments; a plain expression reads its own path.
                var paths = kind.Length > 0 || HandlebarsKeywords.Contains(head) || rest.Trim().Length > 0
                    ? rest.Split(new[] { ' ', '\t', '\n', '(', ')' }, StringSplitOptions.RemoveEmptyEntries)
                    : new[] { head };
                foreach (var path in paths)
                {
                    var root = path.Split('.')[0];
                    if (root.Length > 0 && (char.IsLetter(root[0]) || root[0] == '_') && !path.Contains("=") && !HandlebarsKeywords.Contains(root)
                        && !root.Contains("-") && !(kind.Length == 0 && rest.Trim().Length > 0 && path == head))
                    {
                        roots.Add(root);
                    }
                }
            }

            if (kind == "#" && head is "each" or "with")
            {
                depth++;
            }
        }

        return roots;
    }
}
