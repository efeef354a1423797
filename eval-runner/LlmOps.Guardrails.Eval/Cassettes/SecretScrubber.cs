using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>
/// Replaces secret values in what is recorded with <see cref="Redacted"/>. The secrets are the values of the
/// environment variables whose names end with <c>_KEY</c>, <c>_TOKEN</c> or <c>_SECRET</c> (case-insensitive), plus the
/// variables a config names as keys (a provider's <c>api_key_env</c>, whatever its name). A string
/// equal to a secret is replaced whole; a secret of 8 characters or more is also replaced where it occurs inside a
/// longer string. Nothing at this layer carries auth headers; this is the net for a key pasted into a prompt or echoed
/// back by a model.
/// </summary>
public sealed class SecretScrubber
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Redacted = "[redacted]";

    private const int MinSubstringLength = 8;

    private readonly string[] secrets;

    /// <summary>A scrubber for the given secret values (empty ones are ignored).</summary>
    public SecretScrubber(IEnumerable<string?> secrets)
    {
        // Longest first, so that a secret containing another is replaced whole.
        this.secrets = (secrets ?? throw new ArgumentNullException(nameof(secrets)))
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>A scrubber that scrubs nothing.</summary>
    public static SecretScrubber None { get; } = new(Array.Empty<string>());

    /// <summary>The number of secret values known.</summary>
    public int Count => secrets.Length;

    /// <summary>True for an environment variable name whose value is a secret.</summary>
    public static bool IsSecretName(string name) =>
        name.EndsWith("_KEY", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_TOKEN", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_SECRET", StringComparison.OrdinalIgnoreCase);

    /// <summary>A scrubber for the current process environment, read now.</summary>
    public static SecretScrubber FromEnvironment() => FromEnvironment(Array.Empty<string?>());

    /// <summary>
    /// A scrubber for the current process environment, read now: the variables with a secret-looking name and the
    /// <paramref name="keyVariables"/>, which hold keys whatever they are called (e.g. <c>AZURE_OPENAI_KEY1</c>).
    /// </summary>
    public static SecretScrubber FromEnvironment(IEnumerable<string?> keyVariables)
    {
        if (keyVariables is null) throw new ArgumentNullException(nameof(keyVariables));
        var named = new HashSet<string>(keyVariables.Where(n => !string.IsNullOrEmpty(n)).Select(n => n!), StringComparer.OrdinalIgnoreCase);
        var values = new List<string?>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && (IsSecretName(name) || named.Contains(name)))
            {
                values.Add(entry.Value as string);
            }
        }

        return new SecretScrubber(values);
    }

    /// <summary>The text with every secret replaced.</summary>
    public string? Scrub(string? text)
    {
        if (text is null || text.Length == 0 || secrets.Length == 0)
        {
            return text;
        }

        foreach (var secret in secrets)
        {
            if (string.Equals(text, secret, StringComparison.Ordinal))
            {
                return Redacted;
            }
        }

        foreach (var secret in secrets)
        {
            if (secret.Length >= MinSubstringLength && text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>A copy of the node with every string value and property name scrubbed.</summary>
    public JsonNode? Scrub(JsonNode? node)
    {
        if (node is null || secrets.Length == 0)
        {
            return node?.DeepClone();
        }

        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var pair in obj)
                {
                    var name = Scrub(pair.Key)!;
                    copy[name] = Scrub(pair.Value);
                }

                return copy;
            case JsonArray array:
                var arrayCopy = new JsonArray();
                foreach (var item in array)
                {
                    arrayCopy.Add(Scrub(item));
                }

                return arrayCopy;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(Scrub(value.GetValue<string>()));
            default:
                return node.DeepClone();
        }
    }
}
