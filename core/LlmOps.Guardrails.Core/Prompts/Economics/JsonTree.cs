using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace LlmOps.Guardrails.Core.Prompts.Economics;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value with the byte offset it starts at, so that validation errors can point at a line and column.</summary>
internal sealed class JsonNode
{
    public JsonNode(JsonKind kind, long offset)
    {
        Kind = kind;
        Offset = offset;
    }

    public JsonKind Kind { get; }

    public long Offset { get; }

    /// <summary>For strings, the value; for numbers, the literal as written.</summary>
    public string? Text { get; set; }

    public List<JsonProperty> Properties { get; } = new();

    public List<JsonNode> Items { get; } = new();

    public string KindName => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, long offset, JsonNode value)
    {
        Name = name;
        Offset = offset;
        Value = value;
    }

    public string Name { get; }

    public long Offset { get; }

    public JsonNode Value { get; }
}

/// <summary>Reads strict JSON (no comments, no trailing commas) into <see cref="JsonNode"/>s, and maps byte offsets to 1-based lines and columns.</summary>
internal sealed class JsonTree
{
    private const int MaxDepth = 64;
    private readonly byte[] _utf8;
    private readonly List<int> _lineStarts = new() { 0 };

    private JsonTree(byte[] utf8)
    {
        _utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public JsonNode? Root { get; private set; }

    /// <summary>Parses <paramref name="text"/>; on a syntax error, null with the message and the 1-based position.</summary>
    public static JsonTree Parse(string text, out string? error, out int line, out int column)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        var tree = new JsonTree(Encoding.UTF8.GetBytes(text));
        error = null;
        line = 1;
        column = 1;
        try
        {
            var reader = new Utf8JsonReader(tree._utf8, new JsonReaderOptions
            {
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                MaxDepth = MaxDepth,
            });
            if (!reader.Read())
            {
                error = "the file is empty";
                return tree;
            }

            tree.Root = ReadValue(ref reader);
            if (reader.Read())
            {
                var (l, c) = tree.Position(reader.TokenStartIndex);
                error = "unexpected content after the end of the JSON document";
                line = l;
                column = c;
                tree.Root = null;
            }
        }
        catch (JsonException e)
        {
            tree.Root = null;
            error = CleanMessage(e.Message);
            line = (int)Math.Min(int.MaxValue, (e.LineNumber ?? 0) + 1);
            column = tree.ColumnFromBytes(line, e.BytePositionInLine ?? 0);
        }
        catch (InvalidOperationException e)
        {
            tree.Root = null;
            error = e.Message;
        }

        return tree;
    }

    /// <summary>The 1-based line and (character) column of a byte offset.</summary>
    public (int Line, int Column) Position(long offset)
    {
        var index = _lineStarts.BinarySearch((int)Math.Min(offset, int.MaxValue));
        if (index < 0)
        {
            index = ~index - 1;
        }

        var line = index + 1;
        return (line, ColumnFromBytes(line, offset - _lineStarts[index]));
    }

    private int ColumnFromBytes(int line, long bytesInLine)
    {
        if (line < 1 || line > _lineStarts.Count)
        {
            return (int)Math.Min(int.MaxValue, bytesInLine + 1);
        }

        var start = _lineStarts[line - 1];
        var count = (int)Math.Max(0, Math.Min(bytesInLine, _utf8.Length - start));
        return Encoding.UTF8.GetCharCount(_utf8, start, count) + 1;
    }

    private static JsonNode ReadValue(ref Utf8JsonReader reader)
    {
        var offset = reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonNode(JsonKind.Object, offset);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameOffset = reader.TokenStartIndex;
                    var name = reader.GetString() ?? string.Empty;
                    reader.Read();
                    node.Properties.Add(new JsonProperty(name, nameOffset, ReadValue(ref reader)));
                }

                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = new JsonNode(JsonKind.Array, offset);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader));
                }

                return node;
            }

            case JsonTokenType.String:
                return new JsonNode(JsonKind.String, offset) { Text = reader.GetString() };
            case JsonTokenType.Number:
                return new JsonNode(JsonKind.Number, offset) { Text = Encoding.UTF8.GetString(reader.ValueSpan.ToArray()) };
            case JsonTokenType.True:
                return new JsonNode(JsonKind.True, offset);
            case JsonTokenType.False:
                return new JsonNode(JsonKind.False, offset);
            default:
                return new JsonNode(JsonKind.Null, offset);
        }
    }

    // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 5." (0-based); the diagnostic carries the position itself.
    private static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut > 0 ? message.Substring(0, cut) : message).Trim();
        return text.Length == 0 ? "the file is not valid JSON" : text.TrimEnd('.');
    }
}
