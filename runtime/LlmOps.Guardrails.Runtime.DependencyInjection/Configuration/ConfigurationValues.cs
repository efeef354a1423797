using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmOps.Guardrails.Core.Catalog.Lookup;
using Microsoft.Extensions.Configuration;

namespace LlmOps.Guardrails.Runtime.Configuration;

/// <summary>
/// Typed reads of configuration values. Each failure becomes one message that names the full key, what was found and
/// what to write instead; nothing throws, so every problem of a section is reported at once.
/// </summary>
internal sealed class ConfigurationValues
{
    private readonly List<string> errors;

    public ConfigurationValues(List<string> errors) => this.errors = errors;

    /// <summary>Refuses the children of <paramref name="section"/> whose key is not one of <paramref name="known"/>.</summary>
    public void RefuseUnknownKeys(IConfiguration section, IReadOnlyList<string> known)
    {
        foreach (var child in section.GetChildren())
        {
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var nearest = TypoSuggester.Nearest(child.Key, known);
            var hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
            errors.Add($"{child.Path}: '{child.Key}' is not a setting here.{hint} Known keys: {string.Join(", ", known)}.");
        }
    }

    public string? String(IConfigurationSection section, string key)
    {
        var value = section[key];
        return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    public bool? Boolean(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        if (child.Value is not { } text || text.Length == 0)
        {
            return null;
        }

        if (bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }

        errors.Add($"{child.Path}: '{text}' is not a boolean. Write true or false.");
        return null;
    }

    public int? Integer(IConfigurationSection section, string key, int minimum)
    {
        var child = section.GetSection(key);
        if (child.Value is not { } text || text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        errors.Add($"{child.Path}: '{text}' is not a whole number of at least {minimum}. Write one, e.g. {Math.Max(minimum, 3)}.");
        return null;
    }

    public decimal? Money(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        if (child.Value is not { } text || text.Length == 0)
        {
            return null;
        }

        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        errors.Add($"{child.Path}: '{text}' is not an amount in US dollars. Write a number of at least 0 with '.' for decimals, e.g. 25 or 0.50.");
        return null;
    }

    /// <summary>A number strictly between 0 and 1 (a quantile such as 0.95).</summary>
    public double? Fraction(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        if (child.Value is not { } text || text.Length == 0)
        {
            return null;
        }

        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value < 1)
        {
            return value;
        }

        errors.Add($"{child.Path}: '{text}' is not a number between 0 and 1. Write the quantile with '.' for decimals, e.g. 0.95 for p95.");
        return null;
    }

    public TimeSpan? Duration(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        if (child.Value is not { } text || text.Length == 0)
        {
            return null;
        }

        if (TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add($"{child.Path}: '{text}' is not a positive duration. Write it as [d.]hh:mm:ss, e.g. 00:30:00 for 30 minutes.");
        return null;
    }

    /// <summary>An enum value by name (case-insensitive); numbers are refused, since they hide which value was meant.</summary>
    public TEnum? Enum<TEnum>(IConfigurationSection section, string key)
        where TEnum : struct, Enum
    {
        var child = section.GetSection(key);
        if (child.Value is not { } text || text.Length == 0)
        {
            return null;
        }

        var names = System.Enum.GetNames(typeof(TEnum));
        var match = names.FirstOrDefault(name => string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is not null)
        {
            return (TEnum)System.Enum.Parse(typeof(TEnum), match);
        }

        var nearest = TypoSuggester.Nearest(text.Trim(), names);
        var hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
        errors.Add($"{child.Path}: '{text}' is not one of {string.Join(", ", names)}.{hint} Set it to one of them.");
        return null;
    }

    /// <summary>The entries of a list section (<c>Key:0</c>, <c>Key:1</c>, ...) in index order; a single value is refused.</summary>
    public IEnumerable<IConfigurationSection> Items(IConfigurationSection list)
    {
        if (!string.IsNullOrEmpty(list.Value))
        {
            errors.Add($"{list.Path}: '{list.Value}' is a single value where a list is expected. Write a JSON array, e.g. [ ... ].");
            return Array.Empty<IConfigurationSection>();
        }

        return list.GetChildren().OrderBy(item => int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue);
    }

    public void Missing(IConfigurationSection section, string key, string what) =>
        errors.Add($"{section.Path}:{key}: missing. {what}");

    public void Add(string error) => errors.Add(error);
}
