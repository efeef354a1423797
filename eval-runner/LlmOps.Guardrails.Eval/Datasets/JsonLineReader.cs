using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>Parses one JSONL line into a positioned tree (line = the file's line, column = the character in it).</summary>
internal static class JsonLineReader
{
    public const int MaxDepth = 64;

    public static PNode? Read(string lineText, int lineNumber, NodeReader reader)
    {
        var bytes = Encoding.UTF8.GetBytes(lineText);
        var json = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        try
        {
            if (!json.Read())
            {
                return null;
            }

            var node = ReadValue(ref json, bytes, lineNumber, reader);
            if (json.Read())
            {
                var column = Column(bytes, (int)json.TokenStartIndex);
                reader.Report(EvalDiagnosticCodes.InvalidJson, lineNumber, column, "More than one JSON value on this line. Write exactly one JSON object per line.");
                return null;
            }

            return node;
        }
        catch (JsonException ex)
        {
            var column = Column(bytes, (int)Math.Min(bytes.Length, ex.BytePositionInLine ?? 0));
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message.Substring(0, cut);
            }

            message = message.Replace(" Change the reader options.", string.Empty).Replace(" which is not supported in this mode", string.Empty);
            reader.Report(EvalDiagnosticCodes.InvalidJson, lineNumber, column, $"Invalid JSON: {message.TrimEnd('.', ' ')}. Fix this line: it must be one complete JSON object, e.g. {{\"id\": \"case-1\", \"vars\": {{\"ticket\": \"...\"}}}} (check quotes, commas and braces here).");
            return null;
        }
        catch (DuplicateKeyException ex)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, lineNumber, ex.Column, $"The key '{NodeReader.Clip(ex.Key)}' is written twice in the same object. Keep one of them.");
            return null;
        }
    }

    private static PNode ReadValue(ref Utf8JsonReader json, byte[] bytes, int line, NodeReader reader)
    {
        var column = Column(bytes, (int)json.TokenStartIndex);
        switch (json.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var mapping = new PMapping(line, column);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (json.Read() && json.TokenType != JsonTokenType.EndObject)
                {
                    var keyColumn = Column(bytes, (int)json.TokenStartIndex);
                    var key = json.GetString() ?? string.Empty;
                    if (!seen.Add(key))
                    {
                        throw new DuplicateKeyException(key, keyColumn);
                    }

                    json.Read();
                    var value = ReadValue(ref json, bytes, line, reader);
                    mapping.Entries.Add(new KeyValuePair<PScalar, PNode>(new PScalar(key, ScalarKind.Text, line, keyColumn), value));
                }

                return mapping;
            }

            case JsonTokenType.StartArray:
            {
                var sequence = new PSequence(line, column);
                while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                {
                    sequence.Items.Add(ReadValue(ref json, bytes, line, reader));
                }

                return sequence;
            }

            case JsonTokenType.String:
                return new PScalar(json.GetString() ?? string.Empty, ScalarKind.Text, line, column);
            case JsonTokenType.Number:
                return new PScalar(Encoding.UTF8.GetString(json.ValueSpan.ToArray()), ScalarKind.Number, line, column);
            case JsonTokenType.True:
                return new PScalar("true", ScalarKind.Boolean, line, column);
            case JsonTokenType.False:
                return new PScalar("false", ScalarKind.Boolean, line, column);
            default:
                return new PScalar(string.Empty, ScalarKind.Null, line, column);
        }
    }

    /// <summary>The 1-based character column of a byte offset in the line.</summary>
    private static int Column(byte[] bytes, int byteOffset) =>
        Encoding.UTF8.GetCharCount(bytes, 0, Math.Max(0, Math.Min(byteOffset, bytes.Length))) + 1;

    private sealed class DuplicateKeyException : Exception
    {
        public DuplicateKeyException(string key, int column)
            : base(key)
        {
            Key = key;
            Column = column;
        }

        public string Key { get; }

        public int Column { get; }
    }
}
