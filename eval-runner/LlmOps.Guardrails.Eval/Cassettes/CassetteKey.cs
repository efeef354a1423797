using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>
/// The cassette key of a request: <c>"sha256:" + lowercase hex SHA-256</c> of the UTF-8 bytes of
/// <c>{"model":…,"request":…,"v":1}</c> written in <see cref="CanonicalJson"/> form, where <c>request</c> is exactly
/// the <c>request</c> object recorded in the cassette line (before secret scrubbing), so a reviewer can recompute it.
/// </summary>
/// <remarks>
/// The request object holds <c>messages</c> (each: <c>role</c>, <c>text</c> = the concatenated text contents,
/// <c>author</c> when set, and <c>parts</c> for non-text contents: function calls and results, data/URI contents) and
/// <c>options</c>: every <see cref="ChatOptions"/> setting that changes the output — <c>instructions</c>,
/// <c>temperature</c>, <c>top_p</c>, <c>top_k</c>, <c>max_output_tokens</c>, <c>frequency_penalty</c>,
/// <c>presence_penalty</c>, <c>seed</c>, <c>stop</c>, <c>response_format</c> (with its schema), <c>reasoning</c>,
/// <c>tool_mode</c>, <c>tools</c> (name, description, parameter schema) and <c>additional</c> (the options' additional
/// properties) — when set. Keys starting with "llmops." (attribution tags, the eval's prompt and case ids) are left
/// out, so the same request made for two features or cases shares one recording. Unlike the runtime's
/// <c>ResponseCacheKey</c> (which hashes Microsoft.Extensions.AI's own serialisation of contents and reasoning options
/// and so may change with that library), this form names every field itself: it is stable across machines and
/// library versions, and <c>v</c> is bumped on any change.
/// </remarks>
public static class CassetteKey
{
    /// <summary>The version of the key definition, hashed into every key.</summary>
    public const int Version = 1;

    /// <summary>The prefix of every key.</summary>
    public const string Prefix = "sha256:";

    /// <summary>Computes the key of a request.</summary>
    public static string Compute(IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModelId = null)
    {
        var model = options?.ModelId ?? defaultModelId;
        return Compute(model, BuildRequest(messages, options));
    }

    /// <summary>Computes the key from a model id and a request object as <see cref="BuildRequest"/> makes it (or as read from a cassette line).</summary>
    public static string Compute(string? model, JsonObject request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var builder = new StringBuilder();
        builder.Append("{\"model\":");
        if (model is null)
        {
            builder.Append("null");
        }
        else
        {
            CanonicalJson.WriteString(builder, model);
        }

        builder.Append(",\"request\":");
        CanonicalJson.Write(builder, request);
        builder.Append(",\"v\":").Append(Version).Append('}');

        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        var hash = SHA256.HashData(bytes);
        return Prefix + Convert.ToHexString(hash).ToLowerInvariant();
    }

    /// <summary>The request object of a cassette line: <c>{"messages":[…],"options":{…}}</c> (options omitted when none is set).</summary>
    public static JsonObject BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var messageArray = new JsonArray();
        foreach (var message in messages)
        {
            messageArray.Add(BuildMessage(message));
        }

        var request = new JsonObject { ["messages"] = messageArray };
        if (options is not null)
        {
            var optionsObject = BuildOptions(options);
            if (optionsObject.Count > 0)
            {
                request["options"] = optionsObject;
            }
        }

        return request;
    }

    internal static bool IsExcludedKey(string key) => key.StartsWith("llmops.", StringComparison.Ordinal);

    private static JsonObject BuildMessage(ChatMessage message)
    {
        var text = new StringBuilder();
        JsonArray? parts = null;
        foreach (var content in message.Contents)
        {
            if (content is TextContent textContent)
            {
                text.Append(textContent.Text);
                continue;
            }

            (parts ??= new JsonArray()).Add(BuildPart(content));
        }

        var obj = new JsonObject
        {
            ["role"] = message.Role.Value,
            ["text"] = text.ToString(),
        };
        if (message.AuthorName is not null)
        {
            obj["author"] = message.AuthorName;
        }

        if (parts is not null)
        {
            obj["parts"] = parts;
        }

        return obj;
    }

    private static JsonObject BuildPart(AIContent content)
    {
        switch (content)
        {
            case FunctionCallContent call:
                var arguments = new JsonObject();
                if (call.Arguments is not null)
                {
                    foreach (var pair in call.Arguments)
                    {
                        arguments[pair.Key] = ToNode(pair.Value);
                    }
                }

                return new JsonObject
                {
                    ["type"] = "function_call",
                    ["call_id"] = call.CallId,
                    ["name"] = call.Name,
                    ["arguments"] = arguments,
                };
            case FunctionResultContent result:
                return new JsonObject
                {
                    ["type"] = "function_result",
                    ["call_id"] = result.CallId,
                    ["result"] = ToNode(result.Result),
                };
            case DataContent data:
                return new JsonObject
                {
                    ["type"] = "data",
                    ["media_type"] = data.MediaType,
                    ["sha256"] = Convert.ToHexString(SHA256.HashData(data.Data.Span)).ToLowerInvariant(),
                };
            case UriContent uri:
                return new JsonObject
                {
                    ["type"] = "uri",
                    ["media_type"] = uri.MediaType,
                    ["uri"] = uri.Uri.ToString(),
                };
            default:
                return new JsonObject { ["type"] = content.GetType().Name };
        }
    }

    private static JsonObject BuildOptions(ChatOptions options)
    {
        var obj = new JsonObject();
        if (options.Instructions is not null)
        {
            obj["instructions"] = options.Instructions;
        }

        if (options.Temperature is { } temperature)
        {
            obj["temperature"] = temperature;
        }

        if (options.TopP is { } topP)
        {
            obj["top_p"] = topP;
        }

        if (options.TopK is { } topK)
        {
            obj["top_k"] = topK;
        }

        if (options.MaxOutputTokens is { } max)
        {
            obj["max_output_tokens"] = max;
        }

        if (options.FrequencyPenalty is { } frequency)
        {
            obj["frequency_penalty"] = frequency;
        }

        if (options.PresencePenalty is { } presence)
        {
            obj["presence_penalty"] = presence;
        }

        if (options.Seed is { } seed)
        {
            obj["seed"] = seed;
        }

        if (options.StopSequences is { Count: > 0 } stops)
        {
            var array = new JsonArray();
            foreach (var stop in stops)
            {
                array.Add(stop);
            }

            obj["stop"] = array;
        }

        switch (options.ResponseFormat)
        {
            case null:
                break;
            case ChatResponseFormatJson json:
                var format = new JsonObject { ["type"] = "json" };
                if (json.SchemaName is not null)
                {
                    format["name"] = json.SchemaName;
                }

                if (json.SchemaDescription is not null)
                {
                    format["description"] = json.SchemaDescription;
                }

                if (json.Schema is { } schema)
                {
                    format["schema"] = JsonNode.Parse(schema.GetRawText());
                }

                obj["response_format"] = format;
                break;
            case ChatResponseFormatText:
                obj["response_format"] = new JsonObject { ["type"] = "text" };
                break;
            case { } other:
                obj["response_format"] = new JsonObject { ["type"] = other.GetType().Name };
                break;
        }

        if (options.Reasoning is { } reasoning)
        {
            obj["reasoning"] = ToNode(reasoning);
        }

        switch (options.ToolMode)
        {
            case null:
                break;
            case RequiredChatToolMode required:
                obj["tool_mode"] = required.RequiredFunctionName is null ? "required" : "required:" + required.RequiredFunctionName;
                break;
            case NoneChatToolMode:
                obj["tool_mode"] = "none";
                break;
            default:
                obj["tool_mode"] = "auto";
                break;
        }

        if (options.Tools is { Count: > 0 } tools)
        {
            var array = new JsonArray();
            foreach (var tool in tools)
            {
                var toolObject = new JsonObject
                {
                    ["type"] = tool is AIFunctionDeclaration ? "function" : tool.GetType().Name,
                    ["name"] = tool.Name,
                    ["description"] = tool.Description,
                };
                if (tool is AIFunctionDeclaration function)
                {
                    toolObject["parameters"] = JsonNode.Parse(function.JsonSchema.GetRawText());
                }

                array.Add(toolObject);
            }

            obj["tools"] = array;
        }

        if (options.AdditionalProperties is { Count: > 0 } properties)
        {
            var additional = new JsonObject();
            foreach (var pair in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!IsExcludedKey(pair.Key))
                {
                    additional[pair.Key] = ToNode(pair.Value);
                }
            }

            if (additional.Count > 0)
            {
                obj["additional"] = additional;
            }
        }

        return obj;
    }

    private static JsonNode? ToNode(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return JsonValue.Create(s);
            case JsonElement element:
                return JsonNode.Parse(element.GetRawText());
            case JsonNode node:
                return JsonNode.Parse(node.ToJsonString());
        }

        try
        {
            return JsonSerializer.SerializeToNode(value, value.GetType(), AIJsonUtilities.DefaultOptions);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            // A value the serialiser cannot write still has to separate keys: its type and text stand in.
            return JsonValue.Create(value.GetType().FullName + ":" + value);
        }
    }
}
