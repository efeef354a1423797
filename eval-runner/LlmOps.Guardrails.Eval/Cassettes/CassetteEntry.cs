using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>Token usage as recorded: totals with parts inside, as Microsoft.Extensions.AI reports them.</summary>
public sealed record CassetteUsage
{
    public long? Input { get; init; }

    public long? Output { get; init; }

    public long? CachedInput { get; init; }

    public long? Reasoning { get; init; }

    public long? CacheWrite { get; init; }
}

/// <summary>A tool call the model answered with.</summary>
public sealed record CassetteToolCall(string CallId, string Name, JsonObject? Arguments);

/// <summary>The recorded response of one interaction.</summary>
public sealed record CassetteResponse
{
    public string Text { get; init; } = string.Empty;

    public string? Model { get; init; }

    public string? FinishReason { get; init; }

    public CassetteUsage? Usage { get; init; }

    public double? LatencyMs { get; init; }

    public IReadOnlyList<CassetteToolCall>? ToolCalls { get; init; }
}

/// <summary>
/// One line of a cassette file: <c>{"key","model","request","response","recorded_at"}</c> in that order, the request in
/// canonical form (sorted keys), the response as <c>{"text","model","finish_reason","usage","latency_ms","tool_calls"}</c>
/// with absent fields left out.
/// </summary>
public sealed record CassetteEntry
{
    public required string Key { get; init; }

    public string? Model { get; init; }

    public required JsonObject Request { get; init; }

    public required CassetteResponse Response { get; init; }

    public DateTimeOffset? RecordedAt { get; init; }

    /// <summary>The JSONL line (no newline).</summary>
    public string ToJsonLine()
    {
        var b = new StringBuilder(256);
        b.Append("{\"key\":");
        CanonicalJson.WriteString(b, Key);
        b.Append(",\"model\":");
        WriteNullable(b, Model);
        b.Append(",\"request\":");
        CanonicalJson.Write(b, Request);
        b.Append(",\"response\":{\"text\":");
        CanonicalJson.WriteString(b, Response.Text);
        if (Response.Model is not null)
        {
            b.Append(",\"model\":");
            CanonicalJson.WriteString(b, Response.Model);
        }

        if (Response.FinishReason is not null)
        {
            b.Append(",\"finish_reason\":");
            CanonicalJson.WriteString(b, Response.FinishReason);
        }

        if (Response.Usage is { } usage)
        {
            b.Append(",\"usage\":{");
            var first = true;
            WriteCount(b, ref first, "input", usage.Input);
            WriteCount(b, ref first, "output", usage.Output);
            WriteCount(b, ref first, "cached_input", usage.CachedInput);
            WriteCount(b, ref first, "reasoning", usage.Reasoning);
            WriteCount(b, ref first, "cache_write", usage.CacheWrite);
            b.Append('}');
        }

        if (Response.LatencyMs is { } latency)
        {
            b.Append(",\"latency_ms\":").Append(Math.Round(latency, 1).ToString("R", CultureInfo.InvariantCulture));
        }

        if (Response.ToolCalls is { Count: > 0 } calls)
        {
            b.Append(",\"tool_calls\":[");
            for (var i = 0; i < calls.Count; i++)
            {
                if (i > 0)
                {
                    b.Append(',');
                }

                b.Append("{\"call_id\":");
                CanonicalJson.WriteString(b, calls[i].CallId);
                b.Append(",\"name\":");
                CanonicalJson.WriteString(b, calls[i].Name);
                b.Append(",\"arguments\":");
                CanonicalJson.Write(b, calls[i].Arguments ?? new JsonObject());
                b.Append('}');
            }

            b.Append(']');
        }

        b.Append('}');
        if (RecordedAt is { } at)
        {
            b.Append(",\"recorded_at\":");
            CanonicalJson.WriteString(b, at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        b.Append('}');
        return b.ToString();
    }

    /// <summary>Parses one line; <see cref="CassetteFormatException"/> names <paramref name="path"/>:<paramref name="lineNumber"/>.</summary>
    public static CassetteEntry Parse(string line, string path, int lineNumber)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new CassetteFormatException(path, lineNumber, "not valid JSON (" + e.Message + ")", e);
        }

        if (root is not JsonObject obj)
        {
            throw new CassetteFormatException(path, lineNumber, "expected a JSON object");
        }

        try
        {
            var key = RequiredString(obj, "key");
            if (!key.StartsWith(CassetteKey.Prefix, StringComparison.Ordinal))
            {
                throw new FormatException($"\"key\" must start with \"{CassetteKey.Prefix}\"");
            }

            if (obj["request"] is not JsonObject request)
            {
                throw new FormatException("\"request\" must be an object");
            }

            if (obj["response"] is not JsonObject response)
            {
                throw new FormatException("\"response\" must be an object");
            }

            CassetteUsage? usage = null;
            if (response["usage"] is JsonObject u)
            {
                usage = new CassetteUsage
                {
                    Input = OptionalLong(u, "input"),
                    Output = OptionalLong(u, "output"),
                    CachedInput = OptionalLong(u, "cached_input"),
                    Reasoning = OptionalLong(u, "reasoning"),
                    CacheWrite = OptionalLong(u, "cache_write"),
                };
            }

            List<CassetteToolCall>? calls = null;
            if (response["tool_calls"] is JsonArray callArray)
            {
                calls = new List<CassetteToolCall>();
                foreach (var item in callArray)
                {
                    if (item is not JsonObject call)
                    {
                        throw new FormatException("\"tool_calls\" items must be objects");
                    }

                    calls.Add(new CassetteToolCall(
                        RequiredString(call, "call_id"),
                        RequiredString(call, "name"),
                        call["arguments"] as JsonObject));
                }
            }

            DateTimeOffset? recordedAt = null;
            if (OptionalString(obj, "recorded_at") is { } at)
            {
                recordedAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            }

            obj.Remove("request");
            return new CassetteEntry
            {
                Key = key,
                Model = OptionalString(obj, "model"),
                Request = request,
                Response = new CassetteResponse
                {
                    Text = OptionalString(response, "text") ?? string.Empty,
                    Model = OptionalString(response, "model"),
                    FinishReason = OptionalString(response, "finish_reason"),
                    Usage = usage,
                    LatencyMs = response["latency_ms"] is { } latency ? latency.GetValue<double>() : null,
                    ToolCalls = calls,
                },
                RecordedAt = recordedAt,
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException)
        {
            throw new CassetteFormatException(path, lineNumber, e.Message, e);
        }
    }

    private static void WriteNullable(StringBuilder b, string? value)
    {
        if (value is null)
        {
            b.Append("null");
        }
        else
        {
            CanonicalJson.WriteString(b, value);
        }
    }

    private static void WriteCount(StringBuilder b, ref bool first, string name, long? value)
    {
        if (value is not { } v)
        {
            return;
        }

        if (!first)
        {
            b.Append(',');
        }

        first = false;
        b.Append('"').Append(name).Append("\":").Append(v.ToString(CultureInfo.InvariantCulture));
    }

    private static string RequiredString(JsonObject obj, string name) =>
        OptionalString(obj, name) ?? throw new FormatException($"\"{name}\" is required");

    private static string? OptionalString(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw new FormatException($"\"{name}\" must be a string");
    }

    private static long? OptionalLong(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var n))
        {
            return n;
        }

        throw new FormatException($"\"{name}\" must be an integer");
    }
}
