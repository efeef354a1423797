using System;
using System.Collections.Generic;
using System.IO;
using LlmOps.Guardrails.Core.Prompts;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>
/// Builds the positioned <see cref="YNode"/> tree of one YAML document from YamlDotNet's tokens, with the limits and
/// checks every reader shares: nesting depth and alias expansion (<see cref="YamlLimits"/>), repeated keys, lists or
/// mappings used as keys, a second document, and the features a reader turns off (<see cref="YamlFeatures"/>).
/// Never throws for bad input: every problem comes back positioned in the <see cref="YamlDocument"/>.
/// </summary>
/// <remarks>
/// The grammar is YAML's block and flow productions as YamlDotNet's own parser reads them, so a syntax error is placed
/// at the token the parser would stop at. An alias shares its anchored node (no copy); every node, aliases counted
/// with their full expanded size, adds to one document-wide count, so "billion laughs" input is refused, not walked.
/// </remarks>
internal sealed partial class YamlTreeBuilder
{
    private readonly YamlTokenCursor _tokens;
    private readonly string _file;
    private readonly YamlFeatures _features;
    private readonly List<YamlProblem> _problems = new();
    private Dictionary<string, Anchored>? _anchors;
    private HashSet<string>? _tagHandles;
    private long _expanded;
    private bool _followedAlias;

    private YamlTreeBuilder(TextReader yaml, int? length, string file, YamlFeatures features, int lineOffset)
    {
        _tokens = new YamlTokenCursor(yaml, lineOffset, length);
        _file = file ?? string.Empty;
        _features = features;
    }

    /// <summary>
    /// Reads the one document in <paramref name="text"/>; <paramref name="file"/> is recorded on every node, and
    /// <paramref name="lineOffset"/> (the lines above the YAML in its file) is added to every line.
    /// </summary>
    public static YamlDocument Read(string text, string file, YamlFeatures features, int lineOffset = 0)
    {
        text ??= string.Empty;
        return Read(new YamlTreeBuilder(new StringReader(text), text.Length, file, features, lineOffset));
    }

    /// <summary>As <see cref="Read(string, string, YamlFeatures, int)"/>, streaming the YAML from <paramref name="yaml"/>.</summary>
    public static YamlDocument Read(TextReader yaml, string file, YamlFeatures features, int lineOffset = 0) =>
        Read(new YamlTreeBuilder(yaml, null, file, features, lineOffset));

    private static YamlDocument Read(YamlTreeBuilder builder)
    {
        YNode? root;
        try
        {
            root = builder.ReadStream();
        }
        catch (YamlStopException stop)
        {
            builder._problems.Add(stop.Problem);
            root = null;
        }

        return new YamlDocument(root is YScalar { IsNull: true } ? null : root, builder._problems);
    }

    private YNode? ReadStream()
    {
        _tokens.Next(); // StreamStart
        var root = ReadDocument();
        if (root is null)
        {
            return null;
        }

        while (_tokens.Peek() is DocumentEnd)
        {
            _tokens.Next();
        }

        if (_tokens.Peek() is not StreamEnd)
        {
            // Only reported: the first document is still read, so a reader can report its own problems too.
            Report(YamlProblemKind.ExtraDocument, Start(_tokens.Peek()), "A file holds one YAML document: remove this '---' separator and everything after it (put another document in its own file).");
        }

        return root;
    }

    private YNode? ReadDocument()
    {
        var sawDirective = false;
        while (_tokens.Peek() is VersionDirective or TagDirective)
        {
            ReadDirective(_tokens.Next());
            sawDirective = true;
        }

        var token = _tokens.Peek();
        var explicitStart = token is DocumentStart;
        if (explicitStart)
        {
            _tokens.Next();
            token = _tokens.Peek();
        }
        else if (sawDirective)
        {
            throw Syntax(token, "directives must be followed by a '---' line that starts the document.");
        }

        if (token is StreamEnd || (explicitStart && token is DocumentStart or DocumentEnd or VersionDirective or TagDirective))
        {
            return explicitStart ? Empty(Start(token)) : null;
        }

        if (token is DocumentEnd)
        {
            // A '...' before any content ends nothing.
            _tokens.Next();
            return ReadDocument();
        }

        var root = ReadNode(block: true, indentless: false, depth: 0);
        if (_tokens.Peek() is not (DocumentEnd or DocumentStart or StreamEnd or VersionDirective or TagDirective))
        {
            throw Syntax(_tokens.Peek(), "expected the end of the document here; check the indentation of this line and the lines above it.");
        }

        return root;
    }

    private void ReadDirective(Token directive)
    {
        if ((_features & YamlFeatures.Directives) == 0)
        {
            throw Unsupported(directive, "YAML directives (%YAML, %TAG) are not supported in this file; remove the line.");
        }

        if (directive is VersionDirective { Version.Major: not 1 })
        {
            throw Syntax(directive, "this file asks for a YAML version other than 1.x; remove the %YAML line.");
        }

        if (directive is TagDirective tag)
        {
            (_tagHandles ??= new HashSet<string>(StringComparer.Ordinal)).Add(tag.Handle);
        }
    }

    private YNode ReadNode(bool block, bool indentless, int depth)
    {
        var token = _tokens.Peek();
        if (token is AnchorAlias alias)
        {
            _tokens.Next();
            return Alias(alias);
        }

        var start = Start(token);
        var countedBefore = _expanded;
        Anchor? anchor = null;
        Tag? tag = null;
        while (true)
        {
            token = _tokens.Peek();
            if (anchor is null && token is Anchor anchorToken)
            {
                if ((_features & YamlFeatures.Anchors) == 0)
                {
                    throw Unsupported(token, "YAML anchors (&name) are not supported in this file; write the values out.");
                }

                anchor = anchorToken;
                _tokens.Next();
            }
            else if (tag is null && token is Tag tagToken)
            {
                CheckTag(tagToken);
                tag = tagToken;
                _tokens.Next();
            }
            else if (token is AnchorAlias)
            {
                throw Syntax(token, "an alias (*name) cannot follow an anchor or a tag; write one or the other.");
            }
            else
            {
                break;
            }
        }

        YNode node;
        if (indentless && token is BlockEntry)
        {
            node = ReadIndentlessSequence(start, depth);
        }
        else if (token is Scalar scalar)
        {
            _tokens.Next();
            var type = scalar.Style == ScalarStyle.Plain && tag is null ? YScalarType.Plain : YScalarType.Text;
            node = Count(new YScalar(start, scalar.Value, type, scalar.Style) { File = _file });
        }
        else if (token is FlowSequenceStart)
        {
            node = ReadFlowSequence(start, depth);
        }
        else if (token is FlowMappingStart)
        {
            node = ReadFlowMapping(start, depth);
        }
        else if (block && token is BlockSequenceStart)
        {
            node = ReadBlockSequence(start, depth);
        }
        else if (block && token is BlockMappingStart)
        {
            node = ReadBlockMapping(start, depth);
        }
        else if (anchor is not null || tag is not null)
        {
            node = Count(new YScalar(start, string.Empty, tag is null ? YScalarType.Plain : YScalarType.Text) { File = _file });
        }
        else
        {
            throw Syntax(token, "expected a value here; check the indentation and the brackets on this line.");
        }

        if (anchor is not null)
        {
            // Registered once the node is complete, so an alias inside its own anchor (a cycle) is an unknown alias.
            // Its size is every node counted while it was read, the aliases inside it expanded.
            (_anchors ??= new Dictionary<string, Anchored>(StringComparer.Ordinal))[anchor.Value.Value] = new Anchored(node, _expanded - countedBefore);
        }

        return node;
    }

    private YNode Alias(AnchorAlias alias)
    {
        if ((_features & YamlFeatures.Anchors) == 0)
        {
            throw Unsupported(alias, "YAML aliases (*name) are not supported in this file; write the value out.");
        }

        var name = alias.Value.Value;
        if (_anchors is null || !_anchors.TryGetValue(name, out var target))
        {
            throw Syntax(alias, YamlMessages.UnknownAlias(name));
        }

        _followedAlias = true;
        Grow(Start(alias), target.Size);
        return target.Node;
    }

    private void CheckTag(Tag tag)
    {
        if ((_features & YamlFeatures.Tags) == 0)
        {
            throw Unsupported(tag, "YAML tags (!name) are not supported in this file; remove the tag.");
        }

        if (tag.Handle.Length > 0 && tag.Handle != "!" && tag.Handle != "!!" && !(_tagHandles?.Contains(tag.Handle) ?? false))
        {
            throw Syntax(tag, YamlMessages.UndeclaredTagHandle(tag.Handle));
        }
    }

    private T Enter<T>(T collection, int depth)
        where T : YNode
    {
        if (depth >= YamlLimits.MaxDepth)
        {
            throw YamlTokenCursor.Stop(YamlProblemKind.TooDeep, collection.At, YamlMessages.TooDeep());
        }

        return Count(collection);
    }

    private static void Add(YSequence sequence, YNode item) => sequence.Items.Add(item);

    private void Add(YMapping mapping, ref KeyIndex keys, YNode key, YNode value)
    {
        if (key is not YScalar name)
        {
            Report(YamlProblemKind.ComplexKey, key.At, YamlMessages.ComplexKey(key));
            return;
        }

        if (keys.FirstOf(mapping, name) is { } first)
        {
            Report(YamlProblemKind.DuplicateKey, name.At, YamlMessages.DuplicateKey(name, first));
            return;
        }

        mapping.Entries.Add(new YEntry(name, value));
        keys.Added(mapping, name);
    }

    private YScalar Empty(SourcePosition at) => Count(new YScalar(at, string.Empty, YScalarType.Plain) { File = _file });

    private T Count<T>(T node)
        where T : YNode
    {
        Grow(node.At, 1);
        return node;
    }

    private void Grow(SourcePosition at, long nodes)
    {
        _expanded += nodes;
        if (_expanded > YamlLimits.MaxExpandedNodes)
        {
            throw YamlTokenCursor.Stop(YamlProblemKind.TooLarge, at, YamlMessages.TooLarge(_followedAlias));
        }
    }

    private void Report(YamlProblemKind kind, SourcePosition at, string detail) => _problems.Add(new YamlProblem(kind, at, detail));

    private YamlStopException Syntax(Token token, string detail) =>
        _tokens.SyntaxError(Start(token), token is StreamEnd ? "the file ends while a list or mapping is still open; check for an unclosed '[', '{' or quote." : detail);

    private YamlStopException Unsupported(Token token, string detail) => YamlTokenCursor.Stop(YamlProblemKind.Unsupported, Start(token), detail);

    private SourcePosition Start(Token token) => _tokens.StartOf(token);

    private SourcePosition End(Token token) => _tokens.EndOf(token);

    /// <summary>
    /// An anchored node and how many nodes it stands for once expanded. A class, not a tuple, so the dictionary shares
    /// the runtime's precompiled generic code: a file without anchors (every catalog) pays no JIT for it.
    /// </summary>
    private sealed class Anchored
    {
        public Anchored(YNode node, long size)
        {
            Node = node;
            Size = size;
        }

        public YNode Node { get; }

        public long Size { get; }
    }
}
