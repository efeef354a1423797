using System;
using System.Globalization;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>Typed reads of scalar values; each failure names the key, the value found and the form expected.</summary>
internal static class YamlValues
{
    public static string Text(YNode node, string key)
    {
        var scalar = Scalar(node, key, "text");
        if (scalar.IsNull || scalar.Value.Trim().Length == 0)
        {
            throw node.Spot().Error(CatalogErrorCodes.WrongType, $"'{key}' must not be empty.");
        }

        return scalar.Value.Trim();
    }

    /// <summary>A model id: text without spaces, since providers' APIs never accept spaces in one.</summary>
    public static string Id(YNode node, string key)
    {
        var id = Text(node, key);
        foreach (var c in id)
        {
            if (char.IsWhiteSpace(c))
            {
                throw node.Spot().Error(CatalogErrorCodes.InvalidValue, $"'{key}' is '{id}', which contains a space; model ids and deployment names never do.");
            }
        }

        return id;
    }

    public static decimal Price(YNode node, string key)
    {
        var scalar = Scalar(node, key, "a number (USD per million tokens)");
        if (!scalar.Plain || scalar.IsNull || !decimal.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw node.Spot().Error(CatalogErrorCodes.WrongType, $"'{key}' must be a number of USD per million tokens, such as 2.5, not {scalar.Describe()}.");
        }

        if (value < 0)
        {
            throw node.Spot().Error(CatalogErrorCodes.NegativePrice, $"'{key}' is {scalar.Value}; a price cannot be negative. Use 0 for a free component.");
        }

        return value;
    }

    public static long Count(YNode node, string key, long minimum)
    {
        var scalar = Scalar(node, key, "a whole number");
        if (!scalar.Plain || scalar.IsNull || !long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw node.Spot().Error(CatalogErrorCodes.WrongType, $"'{key}' must be a whole number of tokens, not {scalar.Describe()}.");
        }

        if (value < minimum)
        {
            throw node.Spot().Error(CatalogErrorCodes.InvalidValue, $"'{key}' is {value}; it must be at least {minimum}.");
        }

        return value;
    }

    public static int TokenLimit(YNode node, string key)
    {
        var value = Count(node, key, 1);
        if (value > int.MaxValue)
        {
            throw node.Spot().Error(CatalogErrorCodes.InvalidValue, $"'{key}' is {value}, more than any model accepts.");
        }

        return (int)value;
    }

    /// <summary>A calendar date in YYYY-MM-DD form (ISO 8601), read as UTC midnight.</summary>
    public static DateTime Date(YNode node, string key)
    {
        var scalar = Scalar(node, key, "a date (YYYY-MM-DD)");
        var text = scalar.Value.Trim();
        if (scalar.IsNull
            || text.Length != 10
            || !DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            throw node.Spot().Error(CatalogErrorCodes.InvalidDate, $"'{key}' is {scalar.Describe()}, which is not a date; write a real calendar date as YYYY-MM-DD, such as 2025-06-10.");
        }

        return DateTime.SpecifyKind(date, DateTimeKind.Utc);
    }

    /// <summary>A UTC time of day, "HH:MM" or "HH:MM:SS".</summary>
    public static TimeSpan TimeOfDay(YNode node, string key)
    {
        var scalar = Scalar(node, key, "a time of day (HH:MM)");
        if (scalar.IsNull
            || !TimeSpan.TryParseExact(scalar.Value.Trim(), new[] { @"hh\:mm", @"hh\:mm\:ss" }, CultureInfo.InvariantCulture, out var time)
            || time >= TimeSpan.FromDays(1))
        {
            throw node.Spot().Error(CatalogErrorCodes.InvalidValue, $"'{key}' is {scalar.Describe()}; write a UTC time of day as HH:MM, such as \"16:30\".");
        }

        return time;
    }

    private static YScalar Scalar(YNode node, string key, string expected) =>
        node as YScalar
        ?? throw node.Spot().Error(CatalogErrorCodes.WrongType, $"'{key}' must be {expected}, not {node.Describe()}.");
}
