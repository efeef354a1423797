using System;
using System.IO;
using LlmOps.Guardrails.Core.Prompts;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>
/// YamlDotNet's token stream (<see cref="Scanner"/>) with one token of look-ahead, turning every scanner failure into a
/// positioned syntax <see cref="YamlProblem"/>. The tree is built from tokens rather than from YamlDotNet's event
/// parser because the parser compiles two Regex instances on first use, which costs more than reading the whole
/// built-in catalog.
/// </summary>
internal sealed class YamlTokenCursor
{
    private readonly Scanner _scanner;
    private readonly IndentTabReader _input;
    private readonly int _lineOffset;
    private Token? _current;
    private SourcePosition _lastEnd;

    /// <param name="yaml">The YAML.</param>
    /// <param name="lineOffset">Lines before the YAML in its file (a .prompty's front matter starts below its '---'); added to every position.</param>
    /// <param name="length">The YAML's length in characters, when known.</param>
    public YamlTokenCursor(TextReader yaml, int lineOffset, int? length)
    {
        _input = new IndentTabReader(yaml, length);
        _lineOffset = lineOffset;
        _lastEnd = new SourcePosition(1 + lineOffset, 1);
        _scanner = new Scanner(_input, skipComments: true);
    }

    public Token Peek()
    {
        if (_current is null)
        {
            Advance();
        }

        return _current!;
    }

    public Token Next()
    {
        var token = Peek();
        _lastEnd = EndOf(token);
        _current = null;
        return token;
    }

    public SourcePosition StartOf(Token token) => Position(token.Start);

    public SourcePosition EndOf(Token token) => Position(token.End);

    /// <summary>
    /// A syntax error at <paramref name="at"/>, or at the tab that caused it: one indenting a line up to the error, or
    /// anywhere when YamlDotNet says the error is a tab (it then places it at the enclosing mapping, above the tab).
    /// </summary>
    public YamlStopException SyntaxError(SourcePosition at, string detail)
    {
        var aboutTab = detail.IndexOf(" tab", StringComparison.OrdinalIgnoreCase) >= 0;
        if (_input.FirstTab is { } tab && (aboutTab || tab.Line + _lineOffset <= at.Line))
        {
            return Stop(YamlProblemKind.Syntax, new SourcePosition(tab.Line + _lineOffset, tab.Column), "a tab is used for indentation; YAML indents with spaces only. Replace the tab with spaces.");
        }

        return Stop(YamlProblemKind.Syntax, at, detail);
    }

    public static YamlStopException Stop(YamlProblemKind kind, SourcePosition at, string detail) => new(new YamlProblem(kind, at, detail));

    private void Advance()
    {
        try
        {
            if (!_scanner.MoveNext() || _scanner.Current is null)
            {
                throw SyntaxError(_lastEnd, "the file ends unexpectedly; check for an unclosed '[', '{' or quote.");
            }

            _current = _scanner.Current;
        }
        catch (YamlException ex)
        {
            throw SyntaxError(Position(ex.Start), $"{Describe(ex)} Check the indentation, quoting and brackets on this line.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet reports a few malformed inputs this way, without a position.
            throw SyntaxError(_lastEnd, "the text after this point cannot be read; check for an unclosed '[', '{' or quote.");
        }
    }

    private SourcePosition Position(Mark mark) => new(Clamp(mark.Line + _lineOffset), Clamp(mark.Column));

    private static int Clamp(long value) => value < 1 ? 1 : value > int.MaxValue ? int.MaxValue : (int)value;

    // YamlDotNet prefixes its messages with "(Line: x, Col: y, Idx: z) - (...): "; the position is already in ours.
    private static string Describe(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = (cut >= 0 ? message.Substring(cut + 3) : message).Trim();
        return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
    }
}
