using System;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Redaction;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Signals.Latency;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Configuration;

/// <summary>
/// Turns validated <see cref="GuardrailsSettings"/> into <see cref="GuardrailsOptions"/>. Runs before the application's
/// own configure callback, so code can still change or override anything the section set.
/// </summary>
internal static class GuardrailsSettingsApplier
{
    public static void Apply(GuardrailsSettings settings, GuardrailsOptions options, IServiceProvider services)
    {
        if (!settings.Bound)
        {
            return;
        }

        foreach (var tag in settings.RequiredTags)
        {
            options.RequiredTags.Add(tag);
        }

        if (settings.UseCallerAttributes is { } useCallerAttributes)
        {
            options.Attribution = new AttributionOptions { UseCallerAttributes = useCallerAttributes };
        }

        if (settings.TelemetryProviderName is not null || settings.EnableSensitiveData is not null || settings.IncludeTenantInMetrics is not null)
        {
            options.Telemetry = new TelemetryOptions
            {
                ProviderName = settings.TelemetryProviderName,
                EnableSensitiveData = settings.EnableSensitiveData ?? false,
                IncludeTenantInMetrics = settings.IncludeTenantInMetrics ?? false,
            };
        }

        if (settings.Budgets.Count > 0)
        {
            var budget = new BudgetOptions { DefaultModelId = settings.BudgetDefaultModelId };
            foreach (var limit in settings.Budgets)
            {
                budget.Limits.Add(limit);
            }

            options.Budget = budget;
        }

        if (settings.CacheEnabled)
        {
            var cache = new ResponseCacheOptions();
            if (settings.CacheTimeToLive is { } ttl)
            {
                cache.TimeToLive = ttl;
            }

            options.Cache = cache;
        }

        if (settings.RetryMaxAttempts is not null || settings.RetryTotalDeadline is not null)
        {
            var retry = new RetryOptions();
            retry.MaxAttempts = settings.RetryMaxAttempts ?? retry.MaxAttempts;
            retry.TotalDeadline = settings.RetryTotalDeadline ?? retry.TotalDeadline;
            options.Retry = retry;
        }

        if (settings.LatencyObjectives.Count > 0)
        {
            options.Observers.Add(new LatencyObjectiveObserver(LatencyOptions(settings, services)));
        }

        if (settings.RedactionEnabled)
        {
            options.Redaction = new PiiRedactionOptions();
        }

        ApplyFallback(settings, options, services);
    }

    private static void ApplyFallback(GuardrailsSettings settings, GuardrailsOptions options, IServiceProvider services)
    {
        if (settings.PrimaryTargetName is { } primary)
        {
            options.PrimaryTargetName = primary;
        }

        if (settings.FailureThreshold is not null || settings.BreakDuration is not null)
        {
            var fallback = new FallbackOptions();
            fallback.FailureThreshold = settings.FailureThreshold ?? fallback.FailureThreshold;
            fallback.BreakDuration = settings.BreakDuration ?? fallback.BreakDuration;
            options.Fallback = fallback;
        }

        foreach (var target in settings.FallbackTargets)
        {
            // Validation already checked the key is registered; a provider that cannot be built still fails here, by name.
            var client = services.GetKeyedService<IChatClient>(target.Name)
                ?? throw new InvalidOperationException(MissingTarget(target));
            options.FallbackTargets.Add(new FallbackTarget(target.Name, client, target.ModelId));
        }
    }

    public static string MissingTarget(FallbackTargetSetting target) =>
        $"{target.KeyPath}: no IChatClient is registered under the key '{target.Name}'. Register the target's provider client "
        + $"with services.AddKeyedChatClient(\"{target.Name}\", ...) (the plain provider: the guardrails wrap it in retry and the chain), "
        + "or remove the entry.";

    private static LatencyObjectiveOptions LatencyOptions(GuardrailsSettings settings, IServiceProvider services)
    {
        var latency = new LatencyObjectiveOptions
        {
            Logger = services.GetService<ILoggerFactory>()?.CreateLogger("LlmOps.Guardrails.Runtime.Signals"),
            TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
        };
        foreach (var setting in settings.LatencyObjectives)
        {
            if (setting.Threshold is { } threshold)
            {
                latency.Objectives[setting.Feature] = Objective(setting, threshold);
            }

            if (setting.TimeToFirstToken is { } firstToken)
            {
                latency.TimeToFirstTokenObjectives[setting.Feature] = Objective(setting, firstToken);
            }
        }

        return latency;
    }

    private static LatencyObjective Objective(LatencyObjectiveSetting setting, TimeSpan threshold)
    {
        var objective = new LatencyObjective { Quantile = setting.Quantile, Threshold = threshold };
        if (setting.Window is { } window)
        {
            objective.Window = window;
        }

        return objective;
    }
}
