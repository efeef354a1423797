using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Core.Catalog.Lookup;
using Microsoft.Extensions.Configuration;

namespace LlmOps.Guardrails.Runtime.Configuration;

/// <summary>
/// Reads the <c>LlmOps</c> configuration section into <see cref="GuardrailsSettings"/>. Written by hand rather than
/// with ConfigurationBinder so that every problem names its full key (<c>LlmOps:Budgets:0:Window</c>), says what is
/// accepted, and unknown keys are refused with a "did you mean" instead of being ignored.
/// </summary>
internal static class GuardrailsSectionReader
{
    private static readonly string[] TopKeys = { "Attribution", "Telemetry", "Budgets", "Budget", "Cache", "Retry", "Fallback", "Redaction", "LatencyObjectives" };
    private static readonly string[] LatencyObjectiveKeys = { "Quantile", "Threshold", "Window", "TimeToFirstToken" };
    private static readonly string[] AttributionKeys = { "RequiredTags", "UseCallerAttributes" };
    private static readonly string[] TelemetryKeys = { "ProviderName", "EnableSensitiveData", "IncludeTenantInMetrics" };
    private static readonly string[] BudgetLimitKeys = { "Scope", "Key", "Window", "LimitUsd" };
    private static readonly string[] BudgetKeys = { "DefaultModelId" };
    private static readonly string[] CacheKeys = { "Enabled", "TimeToLive" };
    private static readonly string[] RetryKeys = { "MaxAttempts", "TotalDeadline" };
    private static readonly string[] FallbackKeys = { "Targets", "PrimaryName", "FailureThreshold", "BreakDuration" };
    private static readonly string[] FallbackTargetKeys = { "Name", "ModelId" };
    private static readonly string[] RedactionKeys = { "Enabled" };

    public static void Read(IConfiguration section, GuardrailsSettings settings)
    {
        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        settings.Bound = true;
        settings.Path = section is IConfigurationSection named ? named.Path : "";
        var values = new ConfigurationValues(settings.Errors);
        values.RefuseUnknownKeys(section, TopKeys);

        ReadAttribution(section.GetSection("Attribution"), settings, values);
        ReadTelemetry(section.GetSection("Telemetry"), settings, values);
        ReadBudgets(section.GetSection("Budgets"), settings, values);
        var budget = section.GetSection("Budget");
        values.RefuseUnknownKeys(budget, BudgetKeys);
        settings.BudgetDefaultModelId = values.String(budget, "DefaultModelId");
        ReadCache(section.GetSection("Cache"), settings, values);
        var retry = section.GetSection("Retry");
        values.RefuseUnknownKeys(retry, RetryKeys);
        settings.RetryMaxAttempts = values.Integer(retry, "MaxAttempts", minimum: 1);
        settings.RetryTotalDeadline = values.Duration(retry, "TotalDeadline");
        ReadFallback(section.GetSection("Fallback"), settings, values);
        var redaction = section.GetSection("Redaction");
        values.RefuseUnknownKeys(redaction, RedactionKeys);
        settings.RedactionEnabled = values.Boolean(redaction, "Enabled") ?? false;
        ReadLatencyObjectives(section.GetSection("LatencyObjectives"), settings, values);
    }

    /// <summary><c>LatencyObjectives:&lt;feature&gt;</c>: the quantile (default 0.95) of call duration that must stay under <c>Threshold</c>.</summary>
    private static void ReadLatencyObjectives(IConfigurationSection objectives, GuardrailsSettings settings, ConfigurationValues values)
    {
        foreach (var feature in objectives.GetChildren())
        {
            values.RefuseUnknownKeys(feature, LatencyObjectiveKeys);
            var threshold = values.Duration(feature, "Threshold");
            var firstToken = values.Duration(feature, "TimeToFirstToken");
            if (threshold is null && firstToken is null)
            {
                values.Missing(feature, "Threshold", "Set the objective as a duration, e.g. 00:00:02 for p95 ≤ 2 s (and/or TimeToFirstToken for streams).");
                continue;
            }

            settings.LatencyObjectives.Add(new LatencyObjectiveSetting(
                feature.Key, values.Fraction(feature, "Quantile") ?? 0.95, threshold, firstToken, values.Duration(feature, "Window")));
        }
    }

    private static void ReadAttribution(IConfigurationSection attribution, GuardrailsSettings settings, ConfigurationValues values)
    {
        values.RefuseUnknownKeys(attribution, AttributionKeys);
        settings.UseCallerAttributes = values.Boolean(attribution, "UseCallerAttributes");
        foreach (var item in values.Items(attribution.GetSection("RequiredTags")))
        {
            var tag = item.Value?.Trim();
            if (string.IsNullOrEmpty(tag))
            {
                continue;
            }

            var known = RequiredTagNames.FirstOrDefault(name => string.Equals(name, tag, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                var nearest = TypoSuggester.Nearest(tag!, RequiredTagNames);
                var hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
                values.Add($"{item.Path}: '{tag}' is not an attribution tag.{hint} Use any of {string.Join(", ", RequiredTagNames)}.");
            }
            else if (!settings.RequiredTags.Contains(known))
            {
                settings.RequiredTags.Add(known);
            }
        }
    }

    /// <summary>The tags <c>RequiredTags</c> accepts: the names of the <c>llmops.*</c> attribution keys.</summary>
    public static readonly string[] RequiredTagNames = { "feature", "team", "tenant", "user", "prompt.id", "prompt.version" };

    private static void ReadTelemetry(IConfigurationSection telemetry, GuardrailsSettings settings, ConfigurationValues values)
    {
        values.RefuseUnknownKeys(telemetry, TelemetryKeys);
        settings.TelemetryProviderName = values.String(telemetry, "ProviderName");
        settings.EnableSensitiveData = values.Boolean(telemetry, "EnableSensitiveData");
        settings.IncludeTenantInMetrics = values.Boolean(telemetry, "IncludeTenantInMetrics");
    }

    private static void ReadBudgets(IConfigurationSection budgets, GuardrailsSettings settings, ConfigurationValues values)
    {
        var seen = new Dictionary<(BudgetScope, string?, BudgetWindow), string>();
        foreach (var item in values.Items(budgets))
        {
            values.RefuseUnknownKeys(item, BudgetLimitKeys);
            var scope = values.Enum<BudgetScope>(item, "Scope");
            var window = values.Enum<BudgetWindow>(item, "Window");
            var limit = values.Money(item, "LimitUsd");
            var key = values.String(item, "Key");
            if (item["Scope"] is null)
            {
                values.Missing(item, "Scope", "Set it to Global, Feature, Team or Tenant.");
            }

            if (item["Window"] is null)
            {
                values.Missing(item, "Window", "Set it to Hour, Day or Month (calendar windows in UTC).");
            }

            if (item["LimitUsd"] is null)
            {
                values.Missing(item, "LimitUsd", "Set the limit in US dollars, e.g. 25.");
            }

            if (scope is null || window is null || limit is null)
            {
                continue;
            }

            if (scope == BudgetScope.Global && key is not null)
            {
                values.Add($"{item.Path}:Key: a Global budget has no key. Remove Key, or set Scope to Feature, Team or Tenant.");
                continue;
            }

            var identity = (scope.Value, key, window.Value);
            if (seen.TryGetValue(identity, out var first))
            {
                values.Add($"{item.Path}: the same Scope, Key and Window as {first}. Keep one of the two limits.");
                continue;
            }

            seen.Add(identity, item.Path);
            settings.Budgets.Add(new BudgetLimit(scope.Value, key, window.Value, limit.Value));
        }
    }

    private static void ReadCache(IConfigurationSection cache, GuardrailsSettings settings, ConfigurationValues values)
    {
        values.RefuseUnknownKeys(cache, CacheKeys);
        settings.CacheTimeToLive = values.Duration(cache, "TimeToLive");
        // A Cache section turns the response cache on; Enabled: false keeps the section and turns it off.
        settings.CacheEnabled = cache.Exists() && (values.Boolean(cache, "Enabled") ?? true);
    }

    private static void ReadFallback(IConfigurationSection fallback, GuardrailsSettings settings, ConfigurationValues values)
    {
        values.RefuseUnknownKeys(fallback, FallbackKeys);
        settings.PrimaryTargetName = values.String(fallback, "PrimaryName");
        settings.FailureThreshold = values.Integer(fallback, "FailureThreshold", minimum: 1);
        settings.BreakDuration = values.Duration(fallback, "BreakDuration");
        foreach (var item in values.Items(fallback.GetSection("Targets")))
        {
            values.RefuseUnknownKeys(item, FallbackTargetKeys);
            var name = values.String(item, "Name");
            if (name is null)
            {
                values.Missing(item, "Name", "Set it to the key the target's IChatClient is registered under (services.AddKeyedChatClient(\"name\", ...)).");
                continue;
            }

            if (settings.FallbackTargets.Any(t => string.Equals(t.Name, name, StringComparison.Ordinal)))
            {
                values.Add($"{item.Path}:Name: '{name}' is already in the chain. Name each target once.");
                continue;
            }

            settings.FallbackTargets.Add(new FallbackTargetSetting(name, values.String(item, "ModelId"), item.Path + ":Name"));
        }
    }
}
