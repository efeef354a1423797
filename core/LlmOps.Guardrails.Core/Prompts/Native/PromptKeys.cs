using System;
using System.Collections.Generic;
using System.Text;
using LlmOps.Guardrails.Core.Catalog.Lookup;

namespace LlmOps.Guardrails.Core.Prompts.Native;

/// <summary>The keys of the <c>*.prompt.yaml</c> format, level by level, and the "did you mean" for unknown ones.</summary>
internal static class PromptKeys
{
    public const string Id = "id";
    public const string Description = "description";
    public const string Owner = "owner";
    public const string Model = "model";
    public const string Fallbacks = "fallbacks";
    public const string Parameters = "parameters";
    public const string Variables = "variables";
    public const string Messages = "messages";
    public const string ExpectedOutputTokens = "expected_output_tokens";
    public const string Traffic = "traffic";
    public const string Dataset = "dataset";

    public const string Feature = "feature";
    public const string Team = "team";

    public const string Temperature = "temperature";
    public const string TopP = "top_p";
    public const string MaxOutputTokens = "max_output_tokens";
    public const string Stop = "stop";
    public const string Seed = "seed";
    public const string FrequencyPenalty = "frequency_penalty";
    public const string PresencePenalty = "presence_penalty";
    public const string ResponseFormat = "response_format";

    public const string Sample = "sample";
    public const string Role = "role";
    public const string Content = "content";
    public const string CallsPerDay = "calls_per_day";

    public static readonly string[] Root =
    {
        Id, Description, Owner, Model, Fallbacks, Parameters, Variables, Messages, ExpectedOutputTokens, Traffic, Dataset,
    };

    public static readonly string[] OwnerKeys = { Feature, Team };

    public static readonly string[] ParameterKeys =
    {
        Temperature, TopP, MaxOutputTokens, Stop, Seed, FrequencyPenalty, PresencePenalty, ResponseFormat,
    };

    public static readonly string[] VariableKeys = { Description, Sample };

    public static readonly string[] MessageKeys = { Role, Content };

    public static readonly string[] TrafficKeys = { CallsPerDay };

    public static readonly string[] Roles = { "system", "user", "assistant" };

    public static readonly string[] ResponseFormats = { "text", "json", "json_schema" };

    // Names other APIs and formats use for the same thing.
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["max_tokens"] = MaxOutputTokens,
        ["max_completion_tokens"] = MaxOutputTokens,
        ["max_new_tokens"] = MaxOutputTokens,
        ["maxtokens"] = MaxOutputTokens,
        ["stop_sequences"] = Stop,
        ["stopsequences"] = Stop,
        ["top-p"] = TopP,
        ["format"] = ResponseFormat,
        ["prompt"] = Messages,
        ["template"] = Messages,
        ["text"] = Content,
        ["value"] = Sample,
        ["default"] = Sample,
        ["example"] = Sample,
    };

    /// <summary>What to tell the user about an unknown <paramref name="key"/> at a level whose keys are <paramref name="known"/>.</summary>
    public static string UnknownKeyMessage(string key, string where, IReadOnlyList<string> known, bool root)
    {
        if (key == "<<")
        {
            return $"Merge keys ('<<: *anchor') are not supported in {where}: the merged keys are ignored. Write the keys out; aliases of whole values ('key: *anchor') do work.";
        }

        var text = new StringBuilder();
        text.Append("Unknown key '").Append(key).Append("' in ").Append(where).Append(": it is ignored.");
        if (Suggest(key, known) is { } suggestion)
        {
            text.Append(" Did you mean '").Append(suggestion).Append("'?");
        }
        else if (root && Suggest(key, ParameterKeys) is { } parameter)
        {
            text.Append(" '").Append(parameter).Append("' belongs under 'parameters:'; move it there.");
        }
        else if (root && Suggest(key, OwnerKeys) is { } owner)
        {
            text.Append(" '").Append(owner).Append("' belongs under 'owner:'; move it there.");
        }
        else if (root && Suggest(key, TrafficKeys) is { } traffic)
        {
            text.Append(" '").Append(traffic).Append("' belongs under 'traffic:'; move it there.");
        }
        else
        {
            text.Append(" Known keys here: ").Append(string.Join(", ", known)).Append('.');
        }

        return text.ToString();
    }

    /// <summary>The known key <paramref name="key"/> most likely means: a synonym, its snake_case form, or one within 2 edits.</summary>
    public static string? Suggest(string key, IReadOnlyList<string> known)
    {
        if (Synonyms.TryGetValue(key, out var synonym) && Contains(known, synonym))
        {
            return synonym;
        }

        var snake = ToSnakeCase(key);
        if (!string.Equals(snake, key, StringComparison.Ordinal) && Contains(known, snake))
        {
            return snake;
        }

        if (Synonyms.TryGetValue(snake, out synonym) && Contains(known, synonym))
        {
            return synonym;
        }

        return Nearest(snake, known, 2);
    }

    /// <summary>The candidate within <paramref name="limit"/> edits (case-insensitive), the closest first; null when none.</summary>
    public static string? Nearest(string value, IEnumerable<string> candidates, int limit)
    {
        string? best = null;
        var bestDistance = limit + 1;
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate.Length - value.Length) > limit)
            {
                continue;
            }

            var distance = TypoSuggester.Distance(value.AsSpan(), candidate.AsSpan(), limit);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static bool Contains(IReadOnlyList<string> known, string key)
    {
        for (var i = 0; i < known.Count; i++)
        {
            if (string.Equals(known[i], key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // "maxOutputTokens" -> "max_output_tokens", "top-p" -> "top_p", "Top P" -> "top_p".
    private static string ToSnakeCase(string key)
    {
        var text = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && text.Length > 0 && text[text.Length - 1] != '_')
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else if (c == '-' || c == ' ')
            {
                text.Append('_');
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
