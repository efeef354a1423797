using System.Collections.Generic;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Redaction;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Telemetry;

namespace LlmOps.Guardrails.Runtime;

/// <summary>
/// What <see cref="GuardrailsChatClientExtensions.UseLlmOpsGuardrails(Microsoft.Extensions.AI.IChatClient, System.Action{GuardrailsOptions}?)"/>
/// puts in the pipeline. Attribution, telemetry and retry are always on (null = their defaults); budget, cache,
/// redaction and fallback only when set.
/// </summary>
public sealed class GuardrailsOptions
{
    /// <summary>
    /// Told about every finished call (<see cref="LlmCallRecord"/>): the runtime signals (spend anomalies, forecast, audit
    /// trail, latency objectives, response consistency) or your own. Empty = no observing layer, nothing paid.
    /// </summary>
    public IList<ILlmCallObserver> Observers { get; set; } = new List<ILlmCallObserver>();

    /// <summary>The clock of the call observers' records (start time, duration); null = the system clock.</summary>
    public System.TimeProvider? TimeProvider { get; set; }

    /// <summary>Attribution settings; null = defaults (feature not required, <c>[LlmFeature]</c> honoured).</summary>
    public AttributionOptions? Attribution { get; set; }

    /// <summary>
    /// Attribution tags every call must carry (<c>feature</c>, <c>team</c>, <c>tenant</c>, <c>user</c>, <c>prompt.id</c>,
    /// <c>prompt.version</c>); a call without one is refused with an <see cref="System.InvalidOperationException"/> before
    /// it reaches telemetry, the budget or a provider. Empty by default.
    /// </summary>
    public IList<string> RequiredTags { get; set; } = new List<string>();

    /// <summary>Telemetry settings; null = defaults. Costs next to nothing when no ActivityListener/MeterListener listens.</summary>
    public TelemetryOptions? Telemetry { get; set; }

    /// <summary>Budget limits; null = no budget middleware.</summary>
    public BudgetOptions? Budget { get; set; }

    /// <summary>Exact response cache; null = no cache.</summary>
    public ResponseCacheOptions? Cache { get; set; }

    /// <summary>Retry settings; null = defaults (3 attempts). <c>MaxAttempts = 1</c> turns retrying off.</summary>
    public RetryOptions? Retry { get; set; }

    /// <summary>PII redaction; null = off.</summary>
    public PiiRedactionOptions? Redaction { get; set; }

    /// <summary>
    /// Targets tried after the provider, in order (each wrapped in its own retry). With the
    /// <c>IChatClient</c> overload the provider becomes the first target, named <see cref="PrimaryTargetName"/>.
    /// </summary>
    public IList<FallbackTarget> FallbackTargets { get; set; } = new List<FallbackTarget>();

    /// <summary>Fall-over rule and circuit breakers of the fallback chain; null = defaults.</summary>
    public FallbackOptions? Fallback { get; set; }

    /// <summary>The target name of the provider when <see cref="FallbackTargets"/> is not empty. Default "primary".</summary>
    public string PrimaryTargetName { get; set; } = "primary";
}
