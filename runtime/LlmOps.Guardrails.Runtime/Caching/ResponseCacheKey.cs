using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Caching;

/// <summary>
/// The exact-cache key of a request: <c>"llmops:v1:" + partition + ":" + SHA-256</c> (lowercase hex) over a canonical
/// JSON serialisation of the model id, every message (role, author, each content: text verbatim, other contents as
/// Microsoft.Extensions.AI serialises them, additional properties sorted) and every option that can change the answer:
/// instructions, sampling settings, stop sequences, reasoning, response format (with its schema), tool mode, tools
/// (name, description, parameter and return JSON schemas, additional properties) and the options' additional properties
/// sorted by key. Attribution keys ("llmops.*") are left out, so the same request billed to different features shares
/// an entry; the partition (the tenant by default) is part of both the prefix and the hash, so tenants never share one.
/// </summary>
public static class ResponseCacheKey
{
    /// <summary>The partition of calls with no tenant. A tenant literally named "~" still gets its own partition (tenants are prefixed "t=").</summary>
    public const string NoPartition = "~";

    private const string Version = "llmops:v1:";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    private const int MaxCachedScratchBytes = 64 * 1024;

    [ThreadStatic]
    private static Scratch? cachedScratch;

    /// <summary>Computes the key; <paramref name="defaultModelId"/> stands in when <see cref="ChatOptions.ModelId"/> is unset.</summary>
    public static string Compute(IEnumerable<ChatMessage> messages, ChatOptions? options, string? partition, string? defaultModelId = null)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var partitionText = partition is null ? NoPartition : "t=" + partition;

        // One buffer and writer per thread, reused: a key costs its hash, not a fresh serialiser each time.
        var scratch = cachedScratch ?? new Scratch();
        cachedScratch = null;
        byte[] hash;
        try
        {
            var buffer = scratch.Buffer;
            buffer.SetLength(0);
            var writer = scratch.Writer;
            writer.Reset(buffer);
            writer.WriteStartObject();
            writer.WriteString("partition", partitionText);
            writer.WriteString("model", options?.ModelId ?? defaultModelId);
            writer.WritePropertyName("messages");
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                WriteMessage(writer, message);
            }

            writer.WriteEndArray();
            if (options is not null)
            {
                WriteOptions(writer, options);
            }

            writer.WriteEndObject();
            writer.Flush();

#if NET8_0_OR_GREATER
            hash = SHA256.HashData(new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
#else
            using (var sha = SHA256.Create())
            {
                hash = sha.ComputeHash(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
#endif
        }
        finally
        {
            if (scratch.Buffer.Capacity <= MaxCachedScratchBytes)
            {
                cachedScratch = scratch;
            }
        }

        var key = new StringBuilder(Version.Length + partitionText.Length + 1 + 64);
        key.Append(Version).Append(partitionText).Append(':');
        foreach (var b in hash)
        {
            key.Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
        }

        return key.ToString();
    }

    private sealed class Scratch
    {
        public Scratch() => Writer = new Utf8JsonWriter(Buffer, WriterOptions);

        public MemoryStream Buffer { get; } = new MemoryStream(1024);

        public Utf8JsonWriter Writer { get; }
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);
        if (message.AuthorName is not null)
        {
            writer.WriteString("author", message.AuthorName);
        }

        writer.WritePropertyName("contents");
        writer.WriteStartArray();
        foreach (var content in message.Contents)
        {
            if (content is TextContent text)
            {
                writer.WriteStartObject();
                writer.WriteString("text", text.Text);
                WriteProperties(writer, "props", text.AdditionalProperties);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("kind", content.GetType().FullName);
                writer.WritePropertyName("value");
                WriteValue(writer, content, typeof(AIContent));
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        WriteProperties(writer, "props", message.AdditionalProperties);
        writer.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter writer, ChatOptions options)
    {
        writer.WritePropertyName("options");
        writer.WriteStartObject();
        WriteIfSet(writer, "conversationId", options.ConversationId);
        WriteIfSet(writer, "instructions", options.Instructions);
        WriteIfSet(writer, "temperature", options.Temperature);
        WriteIfSet(writer, "maxOutputTokens", options.MaxOutputTokens);
        WriteIfSet(writer, "topP", options.TopP);
        WriteIfSet(writer, "topK", options.TopK);
        WriteIfSet(writer, "frequencyPenalty", options.FrequencyPenalty);
        WriteIfSet(writer, "presencePenalty", options.PresencePenalty);
        if (options.Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
        }

        if (options.AllowMultipleToolCalls is { } allowMultiple)
        {
            writer.WriteBoolean("allowMultipleToolCalls", allowMultiple);
        }

        if (options.AllowBackgroundResponses is { } background)
        {
            writer.WriteBoolean("allowBackgroundResponses", background);
        }

        if (options.Reasoning is { } reasoning)
        {
            writer.WritePropertyName("reasoning");
            WriteValue(writer, reasoning, reasoning.GetType());
        }

        if (options.StopSequences is { Count: > 0 } stops)
        {
            writer.WritePropertyName("stop");
            writer.WriteStartArray();
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        switch (options.ResponseFormat)
        {
            case null:
                break;
            case ChatResponseFormatJson json:
                writer.WritePropertyName("responseFormat");
                writer.WriteStartObject();
                writer.WriteString("type", "json");
                WriteIfSet(writer, "name", json.SchemaName);
                WriteIfSet(writer, "description", json.SchemaDescription);
                if (json.Schema is { } schema)
                {
                    writer.WritePropertyName("schema");
                    schema.WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
            case ChatResponseFormatText:
                writer.WriteString("responseFormat", "text");
                break;
            case { } other:
                writer.WriteString("responseFormat", other.GetType().FullName);
                break;
        }

        switch (options.ToolMode)
        {
            case null:
                break;
            case RequiredChatToolMode required:
                writer.WriteString("toolMode", "required:" + required.RequiredFunctionName);
                break;
            case { } mode:
                writer.WriteString("toolMode", mode.GetType().Name);
                break;
        }

        if (options.Tools is { Count: > 0 } tools)
        {
            writer.WritePropertyName("tools");
            writer.WriteStartArray();
            foreach (var tool in tools)
            {
                WriteTool(writer, tool);
            }

            writer.WriteEndArray();
        }

        WriteProperties(writer, "props", options.AdditionalProperties);
        writer.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter writer, AITool tool)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", tool is AIFunctionDeclaration ? "function" : tool.GetType().FullName);
        writer.WriteString("name", tool.Name);
        writer.WriteString("description", tool.Description);
        if (tool is AIFunctionDeclaration function)
        {
            writer.WritePropertyName("schema");
            function.JsonSchema.WriteTo(writer);
            if (function.ReturnJsonSchema is { } returns)
            {
                writer.WritePropertyName("returns");
                returns.WriteTo(writer);
            }
        }

        if (tool.AdditionalProperties is { Count: > 0 } properties)
        {
            writer.WritePropertyName("props");
            writer.WriteStartObject();
            var keys = new string[properties.Count];
            var n = 0;
            foreach (var pair in properties)
            {
                keys[n++] = pair.Key;
            }

            Array.Sort(keys, StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (!AttributionResolver.IsLlmOpsKey(key))
                {
                    var value = properties[key];
                    writer.WritePropertyName(key);
                    WriteValue(writer, value, value?.GetType() ?? typeof(object));
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter writer, string name, AdditionalPropertiesDictionary? properties)
    {
        if (properties is null || properties.Count == 0)
        {
            return;
        }

        string[]? keys = null;
        var n = 0;
        foreach (var pair in properties)
        {
            if (!AttributionResolver.IsLlmOpsKey(pair.Key))
            {
                (keys ??= new string[properties.Count])[n++] = pair.Key;
            }
        }

        if (keys is null)
        {
            return;
        }

        Array.Sort(keys, 0, n, StringComparer.Ordinal);
        writer.WritePropertyName(name);
        writer.WriteStartObject();
        for (var i = 0; i < n; i++)
        {
            var value = properties[keys[i]];
            writer.WritePropertyName(keys[i]);
            WriteValue(writer, value, value?.GetType() ?? typeof(object));
        }

        writer.WriteEndObject();
    }


    private static void WriteValue(Utf8JsonWriter writer, object? value, Type type)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        switch (value)
        {
            case string s:
                writer.WriteStringValue(s);
                return;
            case JsonElement element:
                element.WriteTo(writer);
                return;
        }

        try
        {
            JsonSerializer.Serialize(writer, value, type, AIJsonUtilities.DefaultOptions);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            // A value the serialiser cannot write still has to separate keys: its type and text stand in.
            writer.WriteStringValue(value.GetType().FullName + ":" + value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, float? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }
}
