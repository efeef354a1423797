using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Core.Catalog.Import;

/// <summary>
/// Evaluates a genai-prices match clause (equals, starts_with, ends_with, contains, regex, or, and) against
/// an id, case-insensitively as genai-prices does. Used to tell a model's own provider from its resellers.
/// </summary>
internal static class GenAiMatchRule
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static bool Matches(JsonElement clause, string id)
    {
        if (clause.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var s = id.ToLowerInvariant();
        if (clause.TryGetProperty("or", out var any) && any.ValueKind == JsonValueKind.Array)
        {
            return any.EnumerateArray().Any(c => Matches(c, id));
        }

        if (clause.TryGetProperty("and", out var all) && all.ValueKind == JsonValueKind.Array)
        {
            return all.EnumerateArray().All(c => Matches(c, id));
        }

        if (Text(clause, "equals") is { } equals)
        {
            return string.Equals(s, equals, StringComparison.OrdinalIgnoreCase);
        }

        if (Text(clause, "starts_with") is { } prefix)
        {
            return s.StartsWith(prefix.ToLowerInvariant(), StringComparison.Ordinal);
        }

        if (Text(clause, "ends_with") is { } suffix)
        {
            return s.EndsWith(suffix.ToLowerInvariant(), StringComparison.Ordinal);
        }

        if (Text(clause, "contains") is { } part)
        {
            return s.IndexOf(part.ToLowerInvariant(), StringComparison.Ordinal) >= 0;
        }

        if (Text(clause, "regex") is { } pattern)
        {
            try
            {
                return Regex.IsMatch(id, pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        return false;
    }

    private static string? Text(JsonElement clause, string name) =>
        clause.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
