using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LlmOps.Guardrails.Core.Prompts.Native;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>
/// The canonical content hash of a prompt: <c>sha256:</c> plus 64 lowercase hex digits over a canonical form of
/// the prompt's meaning, so YAML formatting, comments, quoting style, key order and CRLF/LF do not change it,
/// and any change that can change a call (model, parameters, message text, variables) does.
/// </summary>
/// <remarks>
/// The canonical form (<see cref="CanonicalForm"/>) is one line of JSON written by hand (no serializer, so that no
/// library upgrade can change it): fixed property order, every property always present (null when unset), numbers in
/// invariant culture and shortest round-trip form, variables sorted by name (ordinal), messages in order, line breaks
/// in texts as <c>\n</c>, only <c>"</c>, <c>\</c> and control characters escaped. Included: id, model, fallbacks, all
/// parameters, variables (name and sample: samples drive the token counts in the lock file), messages (role and
/// template), expected_output_tokens. Excluded: descriptions, owner, traffic, dataset, source path and file format,
/// which change neither a call nor its estimate per call.
/// </remarks>
public static class PromptHash
{
    /// <summary>Bumped only if the canonical form itself ever has to change (every hash changes with it).</summary>
    public const int CanonicalFormVersion = 1;

    public static string Compute(PromptDefinition prompt)
    {
        var bytes = Encoding.UTF8.GetBytes(CanonicalForm(prompt));
        byte[] digest;
        using (var sha = SHA256.Create())
        {
            digest = sha.ComputeHash(bytes);
        }

        var text = new StringBuilder("sha256:".Length + 64).Append("sha256:");
        foreach (var b in digest)
        {
            text.Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
        }

        return text.ToString();
    }

    /// <summary>The exact text <see cref="Compute"/> hashes (UTF-8), for debugging why two hashes differ.</summary>
    public static string CanonicalForm(PromptDefinition prompt)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        var json = new StringBuilder(512);
        json.Append("{\"canonical\":").Append(CanonicalFormVersion.ToString(CultureInfo.InvariantCulture));
        Property(json, "id");
        WriteString(json, prompt.Id, normalize: false);
        Property(json, "model");
        WriteString(json, prompt.Model, normalize: false);
        Property(json, "fallbacks");
        WriteStrings(json, prompt.Fallbacks, normalize: false);

        var p = prompt.Parameters ?? new PromptParameters();
        Property(json, "parameters");
        json.Append('{');
        json.Append("\"temperature\":");
        Number(json, p.Temperature);
        Property(json, "top_p");
        Number(json, p.TopP);
        Property(json, "max_output_tokens");
        Integer(json, p.MaxOutputTokens);
        Property(json, "stop");
        WriteStrings(json, p.StopSequences, normalize: false);
        Property(json, "seed");
        Integer(json, p.Seed);
        Property(json, "frequency_penalty");
        Number(json, p.FrequencyPenalty);
        Property(json, "presence_penalty");
        Number(json, p.PresencePenalty);
        Property(json, "response_format");
        WriteString(json, p.ResponseFormat, normalize: false);
        json.Append('}');

        var variables = new List<PromptVariable>(prompt.Variables);
        variables.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        Property(json, "variables");
        json.Append('[');
        for (var i = 0; i < variables.Count; i++)
        {
            json.Append(i == 0 ? "{\"name\":" : ",{\"name\":");
            WriteString(json, variables[i].Name, normalize: false);
            json.Append(",\"sample\":");
            WriteString(json, variables[i].Sample ?? string.Empty, normalize: true);
            json.Append('}');
        }

        json.Append(']');

        Property(json, "messages");
        json.Append('[');
        for (var i = 0; i < prompt.Messages.Count; i++)
        {
            json.Append(i == 0 ? "{\"role\":" : ",{\"role\":");
            WriteString(json, prompt.Messages[i].Role, normalize: false);
            json.Append(",\"template\":");
            WriteString(json, prompt.Messages[i].Template, normalize: true);
            json.Append('}');
        }

        json.Append(']');
        Property(json, "expected_output_tokens");
        Integer(json, prompt.ExpectedOutputTokens);
        json.Append('}');
        return json.ToString();
    }

    private const string Hex = "0123456789abcdef";

    private static void Property(StringBuilder json, string name) => json.Append(",\"").Append(name).Append("\":");

    private static void WriteStrings(StringBuilder json, IReadOnlyList<string>? values, bool normalize)
    {
        json.Append('[');
        if (values is not null)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0)
                {
                    json.Append(',');
                }

                WriteString(json, values[i], normalize);
            }
        }

        json.Append(']');
    }

    private static void Number(StringBuilder json, double? value)
    {
        if (value is not { } number)
        {
            json.Append("null");
            return;
        }

        if (number == 0)
        {
            json.Append('0'); // -0 and 0 mean the same parameter
            return;
        }

        // Shortest of G15/G17 that round-trips: identical on every runtime, unlike "R" on .NET Framework.
        var text = number.ToString("G15", CultureInfo.InvariantCulture);
        if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != number)
        {
            text = number.ToString("G17", CultureInfo.InvariantCulture);
        }

        json.Append(text);
    }

    private static void Integer(StringBuilder json, long? value) =>
        json.Append(value is { } number ? number.ToString(CultureInfo.InvariantCulture) : "null");

    private static void WriteString(StringBuilder json, string? value, bool normalize)
    {
        if (value is null)
        {
            json.Append("null");
            return;
        }

        if (normalize)
        {
            value = PromptYamlReader.Normalize(value);
        }

        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                default:
                    if (c < 0x20)
                    {
                        json.Append("\\u00").Append(Hex[c >> 4]).Append(Hex[c & 0xF]);
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }
}
