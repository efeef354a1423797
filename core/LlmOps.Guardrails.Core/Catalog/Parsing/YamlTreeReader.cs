using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>
/// Turns YAML text into a <see cref="YamlNode"/> tree with positions. It reads YamlDotNet's token stream
/// (<see cref="Scanner"/>) and assembles block and flow collections itself: YamlDotNet's event parser would
/// build a compiled Regex on first use, which alone costs more than the rest of the first catalog load.
/// Anchors, aliases, tags, directives and multiple documents are rejected: a price catalog gains nothing
/// from them and they make errors hard to place.
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly Scanner _scanner;
    private readonly string _file;
    private Token? _current;
    private SourceSpot _lastSpot;

    private YamlTreeReader(TextReader reader, string file)
    {
        _scanner = new Scanner(reader, skipComments: true);
        _file = file;
        _lastSpot = new SourceSpot(file, 1, 1);
    }

    /// <summary>Reads one document; null when the text holds no document at all (empty or only comments).</summary>
    /// <exception cref="CatalogException">LLMC001 for anything that is not well-formed, single-document YAML.</exception>
    public static YamlNode? Read(TextReader reader, string file) => new YamlTreeReader(reader, file).ReadStream();

    private YamlNode? ReadStream()
    {
        Expect<StreamStart>("the start of the file");
        if (Peek() is VersionDirective or TagDirective)
        {
            throw Unexpected(Peek(), "YAML directives (%YAML, %TAG) are not needed in a catalog; remove the line.");
        }

        var explicitStart = Peek() is DocumentStart;
        if (explicitStart)
        {
            Next();
        }

        if (Peek() is StreamEnd || (explicitStart && Peek() is DocumentEnd or DocumentStart))
        {
            return null;
        }

        var root = ReadBlockNode(indentlessSequence: false);
        if (Peek() is DocumentEnd)
        {
            Next();
        }

        if (Peek() is not StreamEnd)
        {
            throw Unexpected(Peek(), "A catalog file holds one YAML document; remove the '---' separator and everything after it, or fix the indentation above this line.");
        }

        return root;
    }

    private YamlNode ReadBlockNode(bool indentlessSequence)
    {
        var token = Peek();
        switch (token)
        {
            case Scalar:
            case FlowSequenceStart:
            case FlowMappingStart:
                return ReadFlowNode();
            case BlockSequenceStart:
                return ReadBlockSequence();
            case BlockMappingStart:
                return ReadBlockMapping();
            case BlockEntry when indentlessSequence:
                return ReadIndentlessSequence();
            default:
                throw NotANode(token);
        }
    }

    private YamlNode ReadFlowNode()
    {
        var token = Peek();
        switch (token)
        {
            case Scalar scalar:
                Next();
                return new YamlScalarNode(Spot(scalar), scalar.Value, scalar.Style is not ScalarStyle.Plain);
            case FlowSequenceStart:
                return ReadFlowSequence();
            case FlowMappingStart:
                return ReadFlowMapping();
            default:
                throw NotANode(token);
        }
    }

    private YamlSequenceNode ReadBlockSequence()
    {
        var at = Spot(Next());
        var items = new List<YamlNode>();
        while (true)
        {
            var token = Peek();
            if (token is BlockEnd)
            {
                Next();
                return new YamlSequenceNode(at, items);
            }

            if (token is not BlockEntry)
            {
                throw Unexpected(token, "Expected a list item ('- ...') here; check the indentation of this line.");
            }

            items.Add(ReadItemAfterEntry());
        }
    }

    // A list written at the same indentation as its key ("models:" then "- id: ...") has no start or end token.
    private YamlSequenceNode ReadIndentlessSequence()
    {
        var at = Spot(Peek());
        var items = new List<YamlNode>();
        while (Peek() is BlockEntry)
        {
            items.Add(ReadItemAfterEntry());
        }

        return new YamlSequenceNode(at, items);
    }

    private YamlNode ReadItemAfterEntry()
    {
        var entry = Next();
        return Peek() is BlockEntry or BlockEnd or Key or Value ? Empty(entry) : ReadBlockNode(indentlessSequence: false);
    }

    private YamlMappingNode ReadBlockMapping()
    {
        var mapping = new YamlMappingNode(Spot(Next()), new List<YamlEntry>());
        while (true)
        {
            var token = Peek();
            if (token is BlockEnd)
            {
                Next();
                return mapping;
            }

            if (token is not Key)
            {
                throw Unexpected(token, "Expected 'key: value' here; check the indentation of this line.");
            }

            Next();
            var key = ReadKey();
            YamlNode value;
            if (Peek() is Value valueToken)
            {
                Next();
                value = Peek() is Key or Value or BlockEnd ? Empty(valueToken) : ReadBlockNode(indentlessSequence: true);
            }
            else
            {
                value = Empty(token);
            }

            Add(mapping, key, value);
        }
    }

    private YamlSequenceNode ReadFlowSequence()
    {
        var at = Spot(Next());
        var items = new List<YamlNode>();
        while (true)
        {
            if (Peek() is FlowSequenceEnd)
            {
                Next();
                return new YamlSequenceNode(at, items);
            }

            if (Peek() is Key pairStart)
            {
                // "[a: 1]" is a list holding the one-entry mapping {a: 1}.
                Next();
                var pair = new YamlMappingNode(Spot(pairStart), new List<YamlEntry>());
                Add(pair, ReadKey(), ReadFlowValue());
                items.Add(pair);
            }
            else
            {
                items.Add(ReadFlowNode());
            }

            ExpectSeparator<FlowSequenceEnd>("']'");
        }
    }

    private YamlMappingNode ReadFlowMapping()
    {
        var mapping = new YamlMappingNode(Spot(Next()), new List<YamlEntry>());
        while (true)
        {
            if (Peek() is FlowMappingEnd)
            {
                Next();
                return mapping;
            }

            if (Peek() is Key)
            {
                Next();
                Add(mapping, ReadKey(), ReadFlowValue());
            }
            else
            {
                // "{a, b}": keys without values.
                var key = ReadKeyNode(ReadFlowNode());
                Add(mapping, key, Empty(Peek()));
            }

            ExpectSeparator<FlowMappingEnd>("'}'");
        }
    }

    private YamlNode ReadFlowValue()
    {
        if (Peek() is not Value value)
        {
            return Empty(Peek());
        }

        Next();
        return Peek() is FlowEntry or FlowMappingEnd or FlowSequenceEnd ? Empty(value) : ReadFlowNode();
    }

    private void ExpectSeparator<TEnd>(string closer)
        where TEnd : Token
    {
        var token = Peek();
        if (token is FlowEntry)
        {
            Next();
        }
        else if (token is not TEnd)
        {
            throw Unexpected(token, $"Expected ',' or {closer} here; check the brackets on this line.");
        }
    }

    private YamlScalarNode ReadKey()
    {
        var token = Peek();
        if (token is Value or Key or BlockEnd or FlowEntry or FlowMappingEnd)
        {
            throw Unexpected(token, "A mapping key must be a plain name such as 'id' or 'input'.");
        }

        return ReadKeyNode(ReadFlowNode());
    }

    private static YamlScalarNode ReadKeyNode(YamlNode node) =>
        node is YamlScalarNode { IsNull: false } key
            ? key
            : throw node.At.Error(CatalogErrorCodes.MalformedYaml, "A mapping key must be a plain name such as 'id' or 'input'.");

    private static void Add(YamlMappingNode mapping, YamlScalarNode key, YamlNode value)
    {
        if (mapping.Find(key.Value) is not null)
        {
            throw key.At.Error(CatalogErrorCodes.MalformedYaml, $"Duplicate key '{key.Value}' in the same mapping; keep one of them.");
        }

        mapping.Entries.Add(new YamlEntry(key, value));
    }

    private YamlScalarNode Empty(Token at) => new(Spot(at), string.Empty, quoted: false);

    private Token Peek()
    {
        if (_current is null)
        {
            Advance();
        }

        return _current ?? throw _lastSpot.Error(CatalogErrorCodes.MalformedYaml, "The YAML ends unexpectedly.");
    }

    private Token Next()
    {
        var token = Peek();
        _lastSpot = new SourceSpot(_file, ToInt(token.End.Line), ToInt(token.End.Column));
        _current = null;
        return token;
    }

    private void Expect<T>(string what)
        where T : Token
    {
        var token = Next();
        if (token is not T)
        {
            throw Unexpected(token, $"Expected {what}.");
        }
    }

    private void Advance()
    {
        try
        {
            _current = _scanner.MoveNext() ? _scanner.Current : null;
        }
        catch (YamlException ex)
        {
            var spot = new SourceSpot(_file, ToInt(ex.Start.Line), ToInt(ex.Start.Column));
            throw new CatalogException(CatalogErrorCodes.MalformedYaml, spot.File, spot.Line, spot.Column, $"Invalid YAML: {Describe(ex)} Check the indentation and quoting on this line.", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports a few malformed inputs this way, without a position.
            throw new CatalogException(CatalogErrorCodes.MalformedYaml, _lastSpot.File, _lastSpot.Line, _lastSpot.Column, "Invalid YAML after this point: check for an unclosed '[', '{' or quote.", ex);
        }
    }

    private CatalogException NotANode(Token token) => token switch
    {
        Anchor => Unexpected(token, "YAML anchors (&name) are not supported in a catalog; write the values out."),
        AnchorAlias => Unexpected(token, "YAML aliases (*name) are not supported in a catalog; write the value out."),
        Tag => Unexpected(token, "YAML tags (!name) are not supported in a catalog; remove the tag."),
        _ => Unexpected(token, "Expected a value here; check the indentation and the brackets on this line."),
    };

    private CatalogException Unexpected(Token token, string detail)
    {
        var what = token switch
        {
            StreamEnd => "Invalid YAML: the file ends while a list or mapping is still open.",
            _ => "Invalid YAML.",
        };
        return Spot(token).Error(CatalogErrorCodes.MalformedYaml, $"{what} {detail}");
    }

    private SourceSpot Spot(Token token) => new(_file, ToInt(token.Start.Line), ToInt(token.Start.Column));

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    // YamlDotNet prefixes its messages with "(Line: x, Col: y, Idx: z) - (...): "; the position is already in ours.
    private static string Describe(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = cut >= 0 ? message.Substring(cut + 3) : message;
        return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
    }
}
