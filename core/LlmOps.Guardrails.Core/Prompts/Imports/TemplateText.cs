using System;
using System.Collections.Generic;
using System.Text;
using LlmOps.Guardrails.Core.Yaml;
using YamlDotNet.Core;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>The template languages the imported formats use.</summary>
internal enum TemplateDialect
{
    Mustache,
    Jinja2,
    SemanticKernel,
    Handlebars,
    Liquid,
}

/// <summary>Maps an offset in a piece of text (a .prompty body, a YAML scalar's value) to its 1-based file position.</summary>
internal sealed class TextMap
{
    private readonly List<int> _lineStarts = new() { 0 };
    private readonly int _firstLine;
    private readonly int _firstColumn;
    private readonly int _otherColumn;

    public TextMap(string text, int firstLine, int firstColumn, int otherColumn)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }

        _firstLine = firstLine;
        _firstColumn = firstColumn;
        _otherColumn = otherColumn;
    }

    public SourcePosition At(int offset)
    {
        var index = _lineStarts.BinarySearch(Math.Max(0, offset));
        if (index < 0)
        {
            index = ~index - 1;
        }

        var column = offset - _lineStarts[index];
        return new SourcePosition(_firstLine + index, (index == 0 ? _firstColumn : _otherColumn) + column);
    }

    /// <summary>
    /// The map of a YAML scalar's value. Literal blocks (<c>|</c>) map exactly: value line k is the k-th line below the
    /// indicator, shifted by the block's indentation. Other styles map their first line exactly and the rest roughly.
    /// </summary>
    public static TextMap ForScalar(YScalar scalar, ImportContext context, string yamlText)
    {
        var value = scalar.Value ?? string.Empty;
        var start = context.At(scalar);
        if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            var lines = yamlText.Split('\n');
            var indicatorLine = scalar.At.Line - context.LineOffset; // 1-based, in the YAML text
            var indent = 0;
            for (var i = indicatorLine; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length > 0)
                {
                    indent = lines[i].Length - lines[i].TrimStart(' ').Length;
                    break;
                }
            }

            return new TextMap(value, start.Line + 1, indent + 1, indent + 1);
        }

        var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        return new TextMap(value, start.Line, start.Column + quoted, 1);
    }
}

/// <summary>
/// Rewrites an imported template into the product's <c>{{variable}}</c> form: Semantic Kernel's <c>{{$name}}</c>
/// becomes <c>{{name}}</c>, mustache/handlebars triple braces and <c>{{&amp;name}}</c> become <c>{{name}}</c>, comments go,
/// filters are dropped with a warning. Control flow (sections, block helpers, <c>{% %}</c> tags) cannot be
/// evaluated, so it is reported as LLMP003; other expressions (function calls, helpers) are removed with an
/// LLMP004 warning (left in, they would read as text or as undeclared placeholders).
/// </summary>
internal static class TemplateNormalizer
{
    public static string Normalize(string text, TemplateDialect dialect, Func<int, SourcePosition> at, ImportContext context, string formatName)
    {
        var output = new StringBuilder(text.Length);
        var controlFlow = new List<(string Tag, SourcePosition At)>();
        var i = 0;
        while (i < text.Length)
        {
            if (At(text, i, "{{"))
            {
                var triple = dialect is TemplateDialect.Mustache or TemplateDialect.Handlebars && At(text, i, "{{{");
                var open = triple ? 3 : 2;
                var close = triple ? "}}}" : "}}";
                var end = text.IndexOf(close, i + open, StringComparison.Ordinal);
                if (end < 0)
                {
                    output.Append(text, i, text.Length - i);
                    break;
                }

                var written = text.Substring(i, end + close.Length - i);
                var inner = text.Substring(i + open, end - i - open);
                var replacement = Expression(inner, triple, written, dialect, at(i), context, formatName, controlFlow);
                output.Append(replacement);
                i = end + close.Length;
            }
            else if (dialect is TemplateDialect.Jinja2 or TemplateDialect.Liquid && At(text, i, "{%"))
            {
                var end = text.IndexOf("%}", i + 2, StringComparison.Ordinal);
                var length = end < 0 ? text.Length - i : end + 2 - i;
                var tag = text.Substring(i, length);
                controlFlow.Add((tag, at(i)));
                output.Append(tag);
                i += length;
            }
            else if (dialect is TemplateDialect.Jinja2 && At(text, i, "{#"))
            {
                // A jinja comment renders as nothing.
                var end = text.IndexOf("#}", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else
            {
                output.Append(text[i]);
                i++;
            }
        }

        if (controlFlow.Count > 0)
        {
            var first = controlFlow[0];
            var more = controlFlow.Count > 1 ? $" (and {controlFlow.Count - 1} more tag(s) like it)" : string.Empty;
            context.Error(
                PromptDiagnosticCodes.InvalidValue,
                $"'{Shorten(first.Tag)}' is {formatName} control flow{more}, which an imported prompt cannot evaluate, so its tokens and cost would be wrong. "
                + "Write the prompt without loops and conditions (pass the prepared text in a variable), or keep it in code.",
                first.At);
        }

        return output.ToString();
    }

    /// <summary>
    /// Reports (once, as LLMP003) control flow anywhere in <paramref name="text"/>; true when there is some, and then the
    /// text should not be split into messages (loops and conditions may produce or repeat them).
    /// </summary>
    public static bool ReportControlFlow(string text, TemplateDialect dialect, Func<int, SourcePosition> at, ImportContext context, string formatName)
    {
        var scratch = new ImportContext(context.Path);
        Normalize(text, dialect, at, scratch, formatName);
        var found = false;
        foreach (var diagnostic in scratch.Diagnostics)
        {
            if (diagnostic.IsError)
            {
                context.Add(diagnostic);
                found = true;
            }
        }

        return found;
    }

    private static string Expression(
        string inner,
        bool triple,
        string written,
        TemplateDialect dialect,
        SourcePosition at,
        ImportContext context,
        string formatName,
        List<(string Tag, SourcePosition At)> controlFlow)
    {
        var e = inner.Trim();
        if (!triple)
        {
            // Whitespace control: jinja '{{- x -}}', handlebars '{{~ x ~}}'.
            e = e.TrimStart('-', '~').TrimEnd('-', '~').Trim();
        }

        if (e.Length == 0)
        {
            return written;
        }

        if (dialect is TemplateDialect.Mustache or TemplateDialect.Handlebars && !triple)
        {
            // Semantic Kernel's handlebars 'message' helper only marks message blocks; the reader splits on it.
            if (dialect is TemplateDialect.Handlebars && IsMessageHelper(e))
            {
                return written;
            }

            switch (e[0])
            {
                case '!':
                    return string.Empty;
                case '#' or '^' or '/' or '>':
                    controlFlow.Add((written, at));
                    return written;
                case '&':
                    e = e.Substring(1).Trim();
                    break;
            }

            if (dialect is TemplateDialect.Handlebars && (e == "else" || e.StartsWith("else ", StringComparison.Ordinal)))
            {
                controlFlow.Add((written, at));
                return written;
            }
        }

        if (dialect is TemplateDialect.SemanticKernel)
        {
            if (e[0] == '$' && IsIdentifier(e.Substring(1).Trim()))
            {
                return "{{" + e.Substring(1).Trim() + "}}";
            }

            context.Warning(
                PromptDiagnosticCodes.UnknownKey,
                $"'{Shorten(written)}' is a Semantic Kernel function call, not a variable ('{{{{$name}}}}'); it is removed from the imported template and its output is not counted.",
                at);
            return string.Empty;
        }

        if (IsIdentifier(e))
        {
            return "{{" + e + "}}";
        }

        var bar = e.IndexOf('|');
        if (dialect is TemplateDialect.Jinja2 or TemplateDialect.Liquid && bar > 0 && IsIdentifier(e.Substring(0, bar).Trim()))
        {
            var name = e.Substring(0, bar).Trim();
            context.Warning(
                PromptDiagnosticCodes.UnknownKey,
                $"The filter in '{Shorten(written)}' is ignored on import: it is read as '{{{{{name}}}}}'.",
                at);
            return "{{" + name + "}}";
        }

        context.Warning(
            PromptDiagnosticCodes.UnknownKey,
            $"'{Shorten(written)}' is a {formatName} expression (a helper or function call), not a plain variable; it is removed from the imported template and its output is not counted.",
            at);
        return string.Empty;
    }

    /// <summary>A name <see cref="PromptTemplate"/> reads as a placeholder (letters, digits, '_', '.', '-').</summary>
    public static bool IsIdentifier(string text) => PromptTemplate.IsValidName(text);

    private static bool IsMessageHelper(string expression) =>
        (expression.StartsWith("#message", StringComparison.Ordinal) || expression.StartsWith("/message", StringComparison.Ordinal))
        && (expression.Length == 8 || !char.IsLetterOrDigit(expression[8]));

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static string Shorten(string text)
    {
        var oneLine = text.Replace('\n', ' ');
        return oneLine.Length <= 60 ? oneLine : oneLine.Substring(0, 57) + "...";
    }
}
