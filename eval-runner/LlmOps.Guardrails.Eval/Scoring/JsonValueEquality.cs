using System;
using System.Linq;
using System.Text.Json;

namespace LlmOps.Guardrails.Eval.Scoring;

/// <summary>JSON value equality as json-path compares: numbers by value (1 equals 1.0, within a tolerance), objects unordered.</summary>
internal static class JsonValueEquality
{
    public static bool JsonEquals(JsonElement a, JsonElement b, double tolerance = 0)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            if (a.TryGetDecimal(out var da) && b.TryGetDecimal(out var db) && tolerance == 0)
            {
                return da == db;
            }

            return Math.Abs(a.GetDouble() - b.GetDouble()) <= tolerance;
        }

        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.String:
                return string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return false;
                }

                using (var ea = a.EnumerateArray().GetEnumerator())
                using (var eb = b.EnumerateArray().GetEnumerator())
                {
                    while (ea.MoveNext() && eb.MoveNext())
                    {
                        if (!JsonEquals(ea.Current, eb.Current, tolerance))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                var right = b.EnumerateObject().ToList();
                if (left.Count != right.Count)
                {
                    return false;
                }

                foreach (var property in left)
                {
                    if (!b.TryGetProperty(property.Name, out var other) || !JsonEquals(property.Value, other, tolerance))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
