using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LlmOps.Guardrails.Core.Prompts.Native;

/// <summary>
/// Builds a <see cref="YNode"/> tree from YamlDotNet's event parser, with 1-based positions. Never throws for bad
/// input: syntax errors, duplicate keys, extra documents, unknown aliases, deep nesting and alias bombs become
/// diagnostics. Anchors and aliases are allowed; an alias shares the anchored node (no copy), and the expanded
/// size of every collection is counted so that "billion laughs" input is refused instead of walked.
/// </summary>
internal sealed class YamlTreeBuilder
{
    /// <summary>Deepest nesting of lists and mappings accepted (the format itself needs 3).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes a document may expand to once aliases are followed.</summary>
    public const long MaxExpandedNodes = 100_000;

    private readonly Parser _parser;
    private readonly string _file;
    private readonly string _text;
    private readonly List<PromptDiagnostic> _diagnostics;
    private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
    private SourcePosition _last = SourcePosition.Start;

    private YamlTreeBuilder(string text, string file, List<PromptDiagnostic> diagnostics)
    {
        _parser = new Parser(new StringReader(text));
        _file = file;
        _text = text;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// The root node of the single document in <paramref name="text"/>; null when there is no document (empty file,
    /// only comments) or when the YAML could not be read, in which case <paramref name="diagnostics"/> says why.
    /// </summary>
    public static YNode? Build(string text, string file, List<PromptDiagnostic> diagnostics)
    {
        var builder = new YamlTreeBuilder(text, file, diagnostics);
        try
        {
            return builder.ReadStream();
        }
        catch (StopException)
        {
            return null;
        }
    }

    private YNode? ReadStream()
    {
        Next(); // StreamStart
        if (Current is StreamStart)
        {
            Next();
        }

        if (Current is StreamEnd or null)
        {
            return null;
        }

        if (Current is not DocumentStart)
        {
            Fail(PromptDiagnosticCodes.InvalidYaml, Position(Current), "Invalid YAML: expected the start of a document.");
        }

        Next();
        var root = ReadNode(0);
        if (Current is DocumentEnd)
        {
            Next();
        }

        if (Current is DocumentStart extra)
        {
            // Only report; the first document is still read so its own problems show up too.
            Report(
                PromptDiagnosticCodes.InvalidValue,
                PromptSeverity.Error,
                Position(extra),
                "A prompt file holds exactly one YAML document: remove this '---' separator and everything after it (put the other prompt in its own file).");
        }

        return root is YScalar { IsNull: true } ? null : root;
    }

    private YNode ReadNode(int depth)
    {
        var current = Current;
        switch (current)
        {
            case Scalar scalar:
            {
                var node = new YScalar(Position(scalar), scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty);
                Anchor(scalar.Anchor, node);
                Next();
                return node;
            }

            case AnchorAlias alias:
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    Fail(
                        PromptDiagnosticCodes.InvalidYaml,
                        Position(alias),
                        $"Invalid YAML: the alias '*{alias.Value.Value}' refers to no anchor defined before it; define '&{alias.Value.Value}' above, or write the value out.");
                }

                Next();
                return target!;
            }

            case SequenceStart start:
            {
                var node = new YSequence(Position(start));
                Enter(node, depth);
                Next();
                while (Current is not SequenceEnd)
                {
                    var item = ReadNode(depth + 1);
                    node.Items.Add(item);
                    Grow(node, item);
                }

                Next();
                Anchor(start.Anchor, node);
                return node;
            }

            case MappingStart start:
            {
                var node = new YMapping(Position(start));
                Enter(node, depth);
                Next();
                Dictionary<string, YNode>? seen = null;
                while (Current is not MappingEnd)
                {
                    var key = ReadNode(depth + 1);
                    var value = ReadNode(depth + 1);
                    Grow(node, key);
                    Grow(node, value);
                    if (key is YScalar scalarKey)
                    {
                        seen ??= new Dictionary<string, YNode>(StringComparer.Ordinal);
                        if (seen.TryGetValue(scalarKey.Value, out var first))
                        {
                            Report(
                                PromptDiagnosticCodes.InvalidValue,
                                PromptSeverity.Error,
                                key.At,
                                $"Duplicate key '{scalarKey.Value}' (first written at line {first.At.Line}); a mapping can hold each key once: remove or rename one of them. The first one is used.");
                            continue;
                        }

                        seen.Add(scalarKey.Value, key);
                    }

                    node.Entries.Add(new YEntry(key, value));
                }

                Next();
                Anchor(start.Anchor, node);
                return node;
            }

            default:
                Fail(PromptDiagnosticCodes.InvalidYaml, Position(current), "Invalid YAML: expected a value here; check the indentation and brackets on this line.");
                return null!;
        }
    }

    private void Enter(YNode node, int depth)
    {
        if (depth >= MaxDepth)
        {
            Fail(
                PromptDiagnosticCodes.UnreadableFile,
                node.At,
                $"Lists and mappings are nested more than {MaxDepth} levels deep here; a prompt file needs 3. Flatten the structure.");
        }
    }

    private void Grow(YNode parent, YNode child)
    {
        parent.Size += child.Size;
        if (parent.Size > MaxExpandedNodes)
        {
            Fail(
                PromptDiagnosticCodes.UnreadableFile,
                parent.At,
                $"This value expands to more than {MaxExpandedNodes:N0} YAML nodes once its aliases (*name) are followed; write the values out instead of nesting aliases.");
        }
    }

    private void Anchor(AnchorName anchor, YNode node)
    {
        // Registered once the node is complete, so an alias inside its own anchor (a cycle) is an unknown alias.
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
    }

    private ParsingEvent? Current => _parser.Current;

    private void Next()
    {
        try
        {
            if (!_parser.MoveNext())
            {
                Fail(PromptDiagnosticCodes.InvalidYaml, _last, "Invalid YAML: the file ends while a list or mapping is still open.");
            }

            if (_parser.Current is { } current)
            {
                _last = Position(current);
            }
        }
        catch (StopException)
        {
            throw;
        }
        catch (YamlException ex)
        {
            var at = new SourcePosition(Clamp(ex.Start.Line), Clamp(ex.Start.Column));
            if (ex.Message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && FirstIndentingTab() is { } tab)
            {
                Fail(PromptDiagnosticCodes.InvalidYaml, tab, "Invalid YAML: a tab is used for indentation; YAML indents with spaces only. Replace the tab with spaces.");
            }

            Fail(PromptDiagnosticCodes.InvalidYaml, at, $"Invalid YAML: {Describe(ex)} Check the indentation, quoting and brackets on this line.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            Fail(PromptDiagnosticCodes.InvalidYaml, _last, "Invalid YAML after this point: check for an unclosed '[', '{' or quote.");
        }
    }

    // YamlDotNet places "invalid tab as indentation" at the enclosing mapping; the user needs the tab itself.
    private SourcePosition? FirstIndentingTab()
    {
        var line = 1;
        var column = 1;
        var leading = true;
        foreach (var c in _text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                leading = true;
                continue;
            }

            if (leading && c == '\t')
            {
                return new SourcePosition(line, column);
            }

            leading &= c == ' ' || c == '-' || c == '\r';
            column++;
        }

        return null;
    }

    private void Report(string code, PromptSeverity severity, SourcePosition at, string message) =>
        _diagnostics.Add(new PromptDiagnostic(code, severity, message, _file, at.Line, at.Column));

    private void Fail(string code, SourcePosition at, string message)
    {
        Report(code, PromptSeverity.Error, at, message);
        throw new StopException();
    }

    private SourcePosition Position(ParsingEvent? e) =>
        e is null ? _last : new SourcePosition(Clamp(e.Start.Line), Clamp(e.Start.Column));

    private static int Clamp(long value) => value < 1 ? 1 : value > int.MaxValue ? int.MaxValue : (int)value;

    // YamlDotNet prefixes its messages with "(Line: x, Col: y, Idx: z) - (...): "; the position is already in ours.
    private static string Describe(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = cut >= 0 ? message.Substring(cut + 3) : message;
        text = text.Trim();
        return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
    }

    private sealed class StopException : Exception
    {
    }
}
