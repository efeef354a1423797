using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Runtime.Budgets;

namespace LlmOps.Guardrails.Runtime.Configuration;

/// <summary>
/// What the <c>LlmOps</c> configuration section says, read by <see cref="GuardrailsSectionReader"/>. Only what the
/// section sets is applied (<see cref="GuardrailsSettingsApplier"/>); everything else keeps the library's defaults.
/// Problems are collected in <see cref="Errors"/>, each naming its full key, and reported together at start-up.
/// </summary>
internal sealed class GuardrailsSettings
{
    /// <summary>True once a section was read into these settings (an unbound instance applies nothing).</summary>
    public bool Bound { get; set; }

    /// <summary>The section's path, e.g. <c>LlmOps</c>, for messages.</summary>
    public string Path { get; set; } = "";

    public List<string> Errors { get; } = new();

    public List<string> RequiredTags { get; } = new();

    public bool? UseCallerAttributes { get; set; }

    public string? TelemetryProviderName { get; set; }

    public bool? EnableSensitiveData { get; set; }

    public bool? IncludeTenantInMetrics { get; set; }

    public List<BudgetLimit> Budgets { get; } = new();

    public string? BudgetDefaultModelId { get; set; }

    public bool CacheEnabled { get; set; }

    public TimeSpan? CacheTimeToLive { get; set; }

    public int? RetryMaxAttempts { get; set; }

    public TimeSpan? RetryTotalDeadline { get; set; }

    public List<FallbackTargetSetting> FallbackTargets { get; } = new();

    public string? PrimaryTargetName { get; set; }

    public int? FailureThreshold { get; set; }

    public TimeSpan? BreakDuration { get; set; }

    public bool RedactionEnabled { get; set; }

    public List<LatencyObjectiveSetting> LatencyObjectives { get; } = new();
}

/// <summary>One <c>LatencyObjectives:&lt;feature&gt;</c> entry.</summary>
internal sealed record LatencyObjectiveSetting(string Feature, double Quantile, TimeSpan? Threshold, TimeSpan? TimeToFirstToken, TimeSpan? Window);

/// <summary>One <c>Fallback:Targets</c> entry: the key of a keyed <c>IChatClient</c> service, and an optional model id.</summary>
internal sealed record FallbackTargetSetting(string Name, string? ModelId, string KeyPath);
