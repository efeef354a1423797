using System;
using System.Collections.Generic;
using System.Text;

namespace LlmOps.Guardrails.Core.Prompts.Rendering;

/// <summary>
/// Semantic Kernel's own template syntax (<c>template_format: semantic-kernel</c>): <c>{{$name}}</c> inserts a variable
/// (empty when it has no value, as the kernel renders it), <c>{{'text'}}</c> a literal, and <c>{{plugin.function ...}}</c>
/// calls a kernel function, whose output cannot be known before run time: it renders as nothing and is reported.
/// </summary>
internal static class SemanticKernelSyntax
{
    /// <summary>One <c>{{ }}</c> block: where it starts, its length, and what it is.</summary>
    public readonly record struct Block(int Start, int Length, string Inner);

    public static IEnumerable<Block> Blocks(string template)
    {
        var at = 0;
        while (true)
        {
            var open = template.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                yield break;
            }

            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                yield break;
            }

            yield return new Block(open, close + 2 - open, template.Substring(open + 2, close - open - 2).Trim());
            at = close + 2;
        }
    }

    /// <summary>The variable a block reads (<c>$name</c>), else null.</summary>
    public static string? VariableOf(string inner) =>
        inner.Length > 1 && inner[0] == '$' && PromptTemplate.IsValidName(inner.Substring(1).Trim()) ? inner.Substring(1).Trim() : null;

    /// <summary>The text of a quoted literal block, else null.</summary>
    public static string? LiteralOf(string inner)
    {
        if (inner.Length < 2 || (inner[0] != '\'' && inner[0] != '"') || inner[inner.Length - 1] != inner[0])
        {
            return null;
        }

        var text = new StringBuilder();
        for (var i = 1; i < inner.Length - 1; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length - 1)
            {
                i++;
            }

            text.Append(inner[i]);
        }

        return text.ToString();
    }

    /// <summary>Every variable name the template reads, in blocks and as function arguments (<c>$name</c>).</summary>
    public static IEnumerable<string> Variables(string template)
    {
        foreach (var block in Blocks(template))
        {
            if (LiteralOf(block.Inner) is not null)
            {
                continue;
            }

            foreach (var token in block.Inner.Split(new[] { ' ', '\t', '\n', '=' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (VariableOf(token) is { } name)
                {
                    yield return name;
                }
            }
        }
    }

    public static string Render(string template, IReadOnlyDictionary<string, object?> values, ICollection<string>? functionCalls = null)
    {
        var output = new StringBuilder(template.Length);
        var copied = 0;
        foreach (var block in Blocks(template))
        {
            output.Append(template, copied, block.Start - copied);
            copied = block.Start + block.Length;
            if (block.Inner.Length == 0)
            {
                output.Append(template, block.Start, block.Length);
            }
            else if (VariableOf(block.Inner) is { } name)
            {
                output.Append(values.TryGetValue(name, out var value) ? TemplateValues.ToText(value) : string.Empty);
            }
            else if (LiteralOf(block.Inner) is { } literal)
            {
                output.Append(literal);
            }
            else
            {
                functionCalls?.Add(FunctionName(block.Inner));
            }
        }

        return output.Append(template, copied, template.Length - copied).ToString();
    }

    public static string FunctionName(string inner)
    {
        var end = 0;
        while (end < inner.Length && !char.IsWhiteSpace(inner[end]))
        {
            end++;
        }

        return inner.Substring(0, end);
    }
}
