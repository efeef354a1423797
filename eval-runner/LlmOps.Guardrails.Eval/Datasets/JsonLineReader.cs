using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>Parses one JSONL line into a positioned tree (line = the file's line, column = the character in it).</summary>
internal static class JsonLineReader
{
    /// <summary>The same nesting limit as YAML files (<see cref="YamlLimits.MaxDepth"/>).</summary>
    public const int MaxDepth = YamlLimits.MaxDepth;

    public static YNode? Read(string lineText, int lineNumber, NodeReader reader)
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

    private static YNode ReadValue(ref Utf8JsonReader json, byte[] bytes, int line, NodeReader reader)
    {
        var column = Column(bytes, (int)json.TokenStartIndex);
        switch (json.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var mapping = new YMapping(new SourcePosition(line, column));
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
                    mapping.Entries.Add(new YEntry(new YScalar(new SourcePosition(line, keyColumn), key, YScalarType.Text), value));
                }

                return mapping;
            }

            case JsonTokenType.StartArray:
            {
                var sequence = new YSequence(new SourcePosition(line, column));
                while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                {
                    sequence.Items.Add(ReadValue(ref json, bytes, line, reader));
                }

                return sequence;
            }

            case JsonTokenType.String:
                return new YScalar(new SourcePosition(line, column), json.GetString() ?? string.Empty, YScalarType.Text);
            case JsonTokenType.Number:
                return new YScalar(new SourcePosition(line, column), Encoding.UTF8.GetString(json.ValueSpan.ToArray()), YScalarType.Number);
            case JsonTokenType.True:
                return new YScalar(new SourcePosition(line, column), "true", YScalarType.Boolean);
            case JsonTokenType.False:
                return new YScalar(new SourcePosition(line, column), "false", YScalarType.Boolean);
            default:
                return new YScalar(new SourcePosition(line, column), string.Empty, YScalarType.Null);
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
