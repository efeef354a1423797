using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ScriptedProvider;

/// <summary>The parts of an OpenAI chat-completions or Anthropic messages request the stand-in needs.</summary>
internal sealed record ProviderRequest(bool Anthropic, string Model, string SystemText, string UserText, int MessageCount)
{
    public static ProviderRequest Parse(string path, string body)
    {
        bool anthropic = path.StartsWith("/v1/messages", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        string model = root.TryGetProperty("model", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        var system = new StringBuilder();
        var user = new StringBuilder();
        if (anthropic && root.TryGetProperty("system", out var sys)) system.Append(TextOf(sys));
        int count = 0;
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            count++;
            string role = message.GetProperty("role").GetString() ?? string.Empty;
            string text = TextOf(message.GetProperty("content"));
            if (role is "system" or "developer") system.Append(text);
            else if (role == "user") user.Append(text);
        }

        return new ProviderRequest(anthropic, model, system.ToString(), user.ToString(), count);
    }

    /// <summary>A rough token count for the usage block: about four characters a token, plus per-message overhead.</summary>
    public int EstimatedInputTokens => ((SystemText.Length + UserText.Length) / 4) + (4 * (MessageCount + 1)) + 3;

    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? string.Empty,
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(part => part.TryGetProperty("text", out _))
            .Select(part => part.GetProperty("text").GetString())),
        _ => string.Empty,
    };
}
