using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>
/// Reads one YAML document into a <see cref="PNode"/> tree with positions, on YamlDotNet's event parser. Bad input
/// never throws: it becomes one LLME101 (syntax) or LLME109 (limits) diagnostic and a null root.
/// </summary>
internal sealed class YamlTreeReader
{
    public const int MaxDepth = 64;
    public const long MaxNodes = 100_000;

    private readonly IParser _parser;
    private readonly string _file;
    private readonly string _text;
    private readonly Dictionary<string, (PNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
    private long _nodes;

    private YamlTreeReader(string text, string file)
    {
        _text = text;
        _file = file;
        _parser = new Parser(new StringReader(text));
    }

    /// <summary>The document's root; null (with a diagnostic) when it cannot be read, or null without one when the file is empty.</summary>
    public static PNode? Read(string text, string file, List<EvalDiagnostic> diagnostics)
    {
        var reader = new YamlTreeReader(text, file);
        try
        {
            return reader.ReadStream();
        }
        catch (TreeException ex)
        {
            diagnostics.Add(ex.Diagnostic);
            return null;
        }
        catch (YamlException ex)
        {
            diagnostics.Add(reader.SyntaxError(ex));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            diagnostics.Add(new EvalDiagnostic(EvalDiagnosticCodes.InvalidYaml, $"Invalid YAML ({ex.Message}). Fix the YAML syntax.", file, 1, 1));
            return null;
        }
    }

    private PNode? ReadStream()
    {
        Next(); // StreamStart
        Next();
        if (_parser.Current is StreamEnd)
        {
            return null;
        }

        if (_parser.Current is not DocumentStart)
        {
            throw Fail(EvalDiagnosticCodes.InvalidYaml, _parser.Current!.Start, "Invalid YAML: expected the start of a document. Fix the YAML syntax.");
        }

        Next();
        var (root, _) = ReadNode(1);
        if (_parser.Current is not DocumentEnd)
        {
            throw Fail(EvalDiagnosticCodes.InvalidYaml, _parser.Current!.Start, "Invalid YAML: expected the end of the document. Fix the YAML syntax.");
        }

        Next();
        if (_parser.Current is DocumentStart second)
        {
            throw Fail(EvalDiagnosticCodes.InvalidYaml, second.Start, "A second YAML document ('---') is not allowed: one file holds one document. Remove the extra '---' and what follows, or merge it into the first document.");
        }

        return root is PScalar { IsNull: true } ? null : root;
    }

    private void Next()
    {
        if (!_parser.MoveNext() || _parser.Current is null)
        {
            throw Fail(EvalDiagnosticCodes.InvalidYaml, Mark.Empty, "The YAML document ends unexpectedly. Fix the YAML syntax.");
        }
    }

    /// <summary>Reads the node starting at the current event and advances past it.</summary>
    private (PNode Node, long Size) ReadNode(int depth)
    {
        var current = _parser.Current ?? throw Fail(EvalDiagnosticCodes.InvalidYaml, Mark.Empty, "The YAML document ends unexpectedly. Fix the YAML syntax.");
        if (depth > MaxDepth)
        {
            throw Fail(EvalDiagnosticCodes.InvalidYaml, current.Start, $"The YAML is nested more than {MaxDepth} levels deep. Flatten the structure.");
        }

        (PNode Node, long Size) result;
        switch (current)
        {
            case Scalar scalar:
                var kind = scalar.Style is ScalarStyle.Plain ? ScalarKind.Plain : ScalarKind.Text;
                result = (new PScalar(scalar.Value, kind, Line(scalar.Start), Column(scalar.Start)), 1);
                Count(1, current.Start);
                Anchor(scalar.Anchor, result);
                Next();
                return result;

            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    throw Fail(EvalDiagnosticCodes.InvalidYaml, alias.Start, $"The alias '*{alias.Value.Value}' has no anchor before it. Define '&{alias.Value.Value}' first, or write the value out.");
                }

                Count(anchored.Size, alias.Start);
                Next();
                return anchored;

            case SequenceStart sequenceStart:
            {
                var sequence = new PSequence(Line(sequenceStart.Start), Column(sequenceStart.Start));
                long size = 1;
                Count(1, current.Start);
                Next();
                while (_parser.Current is not SequenceEnd)
                {
                    var (item, itemSize) = ReadNode(depth + 1);
                    sequence.Items.Add(item);
                    size += itemSize;
                }

                Next();
                result = (sequence, size);
                Anchor(sequenceStart.Anchor, result);
                return result;
            }

            case MappingStart mappingStart:
            {
                var mapping = new PMapping(Line(mappingStart.Start), Column(mappingStart.Start));
                long size = 1;
                Count(1, current.Start);
                Next();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (_parser.Current is not MappingEnd)
                {
                    var keyStart = _parser.Current!.Start;
                    var (key, keySize) = ReadNode(depth + 1);
                    if (key is not PScalar keyScalar)
                    {
                        throw Fail(EvalDiagnosticCodes.InvalidYaml, keyStart, "A mapping key must be plain text, not a list or mapping. Write the key as text.");
                    }

                    if (!seen.Add(keyScalar.Value))
                    {
                        throw Fail(EvalDiagnosticCodes.InvalidValue, keyStart, $"The key '{keyScalar.Value}' is written twice in the same mapping. Keep one of them.");
                    }

                    var (value, valueSize) = ReadNode(depth + 1);
                    mapping.Entries.Add(new KeyValuePair<PScalar, PNode>(keyScalar, value));
                    size += keySize + valueSize;
                }

                Next();
                result = (mapping, size);
                Anchor(mappingStart.Anchor, result);
                return result;
            }

            default:
                throw Fail(EvalDiagnosticCodes.InvalidYaml, current.Start, $"Invalid YAML: unexpected {current.GetType().Name}. Fix the YAML syntax.");
        }
    }

    private void Anchor(AnchorName anchor, (PNode Node, long Size) node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
    }

    private void Count(long nodes, Mark at)
    {
        _nodes += nodes;
        if (_nodes > MaxNodes)
        {
            throw Fail(EvalDiagnosticCodes.UnreadableFile, at, $"The YAML expands to more than {MaxNodes:N0} nodes once aliases are followed. Write the values out instead of nesting aliases.");
        }
    }

    private static int Line(Mark mark) => Math.Max(1, (int)Math.Min(int.MaxValue, mark.Line));

    private static int Column(Mark mark) => Math.Max(1, (int)Math.Min(int.MaxValue, mark.Column));

    private TreeException Fail(string code, Mark at, string message) =>
        new(new EvalDiagnostic(code, message, _file, Line(at), Column(at)));

    private EvalDiagnostic SyntaxError(YamlException ex)
    {
        var line = Line(ex.Start);
        var column = Column(ex.Start);
        var tab = FindIndentTab();
        if (tab is { } t)
        {
            return new EvalDiagnostic(EvalDiagnosticCodes.InvalidYaml, "A tab is used for indentation; YAML allows only spaces. Replace the tab with spaces.", _file, t.Line, t.Column);
        }

        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(", StringComparison.Ordinal) && cut > 0)
        {
            message = message.Substring(cut + 3);
        }

        return new EvalDiagnostic(EvalDiagnosticCodes.InvalidYaml, $"Invalid YAML: {message.TrimEnd('.')}. Fix the YAML at this position (check indentation, quotes and brackets).", _file, line, column);
    }

    /// <summary>
    /// The first tab in the leading whitespace of a line: when the parser fails on a file that indents with a tab, the
    /// tab is the cause even when the parser notices it elsewhere (YamlDotNet often reports the enclosing mapping).
    /// </summary>
    private (int Line, int Column)? FindIndentTab()
    {
        var lines = _text.Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var text = lines[l];
            for (var i = 0; i < text.Length && (text[i] == ' ' || text[i] == '\t'); i++)
            {
                if (text[i] == '\t' && i + 1 < text.Length && text[i + 1] is not ('\r' or '#'))
                {
                    return (l + 1, i + 1);
                }
            }
        }

        return null;
    }

    private sealed class TreeException : Exception
    {
        public TreeException(EvalDiagnostic diagnostic)
            : base(diagnostic.Message)
        {
            Diagnostic = diagnostic;
        }

        public EvalDiagnostic Diagnostic { get; }
    }
}
