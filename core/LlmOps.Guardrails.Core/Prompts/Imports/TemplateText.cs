using System;
using System.Collections.Generic;
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
