using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace LlmOps.Guardrails.Runtime.Telemetry
{
    /// <summary>
    /// The library's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>
    /// (both named <see cref="SourceName"/>), its instruments, and the small API other middleware reports through.
    /// </summary>
    /// <example><code>
    /// services.AddOpenTelemetry()
    ///     .WithTracing(t =&gt; t.AddSource(LlmOpsTelemetry.SourceName))
    ///     .WithMetrics(m =&gt; m.AddMeter(LlmOpsTelemetry.MeterName));
    /// </code></example>
    public static class LlmOpsTelemetry
    {
        public const string SourceName = "LlmOps.Guardrails.Runtime";
        public const string MeterName = SourceName;

        /// <summary><c>gen_ai.client.token.usage</c>: histogram, <c>{token}</c>, one point per token type and call.</summary>
        public const string TokenUsageInstrument = "gen_ai.client.token.usage";

        /// <summary><c>gen_ai.client.operation.duration</c>: histogram, seconds.</summary>
        public const string OperationDurationInstrument = "gen_ai.client.operation.duration";

        /// <summary><c>llmops.client.operation.cost</c>: counter, USD, what the calls cost by catalog prices.</summary>
        public const string CostInstrument = "llmops.client.operation.cost";

        /// <summary><c>llmops.fallback.invocations</c>: counter, <c>{invocation}</c>, each time a call moves to a fallback target.</summary>
        public const string FallbackInstrument = "llmops.fallback.invocations";

        /// <summary><c>llmops.cache.hits</c>: counter, <c>{hit}</c>, calls answered by the response cache.</summary>
        public const string CacheHitInstrument = "llmops.cache.hits";

        /// <summary><c>llmops.cache.saved_cost</c>: counter, USD, what the cache hits would have cost.</summary>
        public const string CacheSavingsInstrument = "llmops.cache.saved_cost";

        /// <summary>Bucket boundaries the GenAI conventions give for <c>gen_ai.client.token.usage</c>.</summary>
        internal static readonly long[] TokenBuckets =
            { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864 };

        /// <summary>Bucket boundaries the GenAI conventions give for <c>gen_ai.client.operation.duration</c>.</summary>
        internal static readonly double[] DurationBuckets =
            { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92 };

        /// <summary>The library version the source and meter report (the package's informational version, without a commit).</summary>
        public static readonly string Version = ReadVersion();

        public static ActivitySource ActivitySource { get; } = new ActivitySource(SourceName, Version);

        public static Meter Meter { get; } = new Meter(MeterName, Version);

        internal static readonly Histogram<long> TokenUsage = HistogramFactory.Create(
            Meter,
            TokenUsageInstrument,
            "{token}",
            "Number of input and output tokens used.",
            TokenBuckets);

        internal static readonly Histogram<double> OperationDuration = HistogramFactory.Create(
            Meter,
            OperationDurationInstrument,
            "s",
            "GenAI operation duration.",
            DurationBuckets);

        internal static readonly Counter<double> Cost = Meter.CreateCounter<double>(
            CostInstrument,
            "USD",
            "Cost of GenAI operations in US dollars, computed from reported usage and catalog prices.");

        internal static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(
            FallbackInstrument,
            "{invocation}",
            "Calls moved from one model or provider to a fallback target.");

        internal static readonly Counter<long> CacheHits = Meter.CreateCounter<long>(
            CacheHitInstrument,
            "{hit}",
            "Calls answered from the response cache.");

        internal static readonly Counter<double> CacheSavings = Meter.CreateCounter<double>(
            CacheSavingsInstrument,
            "USD",
            "What the calls answered from the response cache would have cost, in US dollars.");

        /// <summary>True when anything listens to the spans or to one of the per-call instruments.</summary>
        internal static bool IsObserved =>
            ActivitySource.HasListeners() || OperationDuration.Enabled || TokenUsage.Enabled || Cost.Enabled;

        /// <summary>
        /// Counts one move to a fallback target (<c>llmops.fallback.invocations</c>), tagged with <c>llmops.fallback.from</c>,
        /// <c>llmops.fallback.to</c>, <c>llmops.fallback.reason</c> and the call's attribution (feature, team, prompt id and
        /// version; never user or tenant), and adds an <c>llmops.fallback</c> event to the current span.
        /// </summary>
        /// <param name="from">The model (or target name) that failed.</param>
        /// <param name="to">The model (or target name) tried next.</param>
        /// <param name="reason">A low-cardinality reason: <c>rate_limited</c>, <c>timeout</c>, <c>server_error</c>, <c>circuit_open</c>, an HTTP status, ...</param>
        /// <param name="tags">The call's attribution; null reads it with <see cref="AttributionResolver.Resolve"/>.</param>
        public static void RecordFallback(string from, string to, string reason, AttributionTags? tags = null)
        {
            var activity = Activity.Current;
            var recordEvent = activity is { IsAllDataRequested: true };
            if (!Fallbacks.Enabled && !recordEvent)
            {
                return;
            }

            tags ??= AttributionResolver.Resolve(null);
            if (Fallbacks.Enabled)
            {
                var list = new TagList
                {
                    { GenAiAttributes.FallbackFrom, from },
                    { GenAiAttributes.FallbackTo, to },
                    { GenAiAttributes.FallbackReason, reason },
                };
                AddAttribution(ref list, tags, includeTenant: false);
                Fallbacks.Add(1, list);
            }

            if (recordEvent)
            {
                activity!.AddEvent(new ActivityEvent("llmops.fallback", tags: new ActivityTagsCollection
                {
                    { GenAiAttributes.FallbackFrom, from },
                    { GenAiAttributes.FallbackTo, to },
                    { GenAiAttributes.FallbackReason, reason },
                }));
            }
        }

        /// <summary>
        /// Counts one response served from the cache (<c>llmops.cache.hits</c>) and, when known, what it would have cost
        /// (<c>llmops.cache.saved_cost</c>, USD); tagged with <c>gen_ai.request.model</c> and the call's attribution
        /// (feature, team, prompt id and version). Adds an <c>llmops.cache.hit</c> event to the current span.
        /// </summary>
        /// <param name="model">The model the cached response came from.</param>
        /// <param name="savedUsd">What the call would have cost; null when the model has no price.</param>
        /// <param name="tags">The call's attribution; null reads it with <see cref="AttributionResolver.Resolve"/>.</param>
        public static void RecordCacheHit(string? model, decimal? savedUsd, AttributionTags? tags = null)
        {
            var activity = Activity.Current;
            var recordEvent = activity is { IsAllDataRequested: true };
            var countSavings = savedUsd is not null && CacheSavings.Enabled;
            if (!CacheHits.Enabled && !countSavings && !recordEvent)
            {
                return;
            }

            tags ??= AttributionResolver.Resolve(null);
            var list = default(TagList);
            if (model is not null)
            {
                list.Add(GenAiAttributes.RequestModel, model);
            }

            AddAttribution(ref list, tags, includeTenant: false);
            CacheHits.Add(1, list);
            if (countSavings)
            {
                CacheSavings.Add((double)savedUsd!.Value, list);
            }

            if (recordEvent)
            {
                var eventTags = new ActivityTagsCollection { { GenAiAttributes.RequestModel, model } };
                if (savedUsd is not null)
                {
                    eventTags.Add("llmops.cache.saved_cost", (double)savedUsd.Value);
                }

                activity!.AddEvent(new ActivityEvent("llmops.cache.hit", tags: eventTags));
            }
        }

        /// <summary>The attribution tags allowed on metrics: feature, team, prompt id and version (and tenant when asked). Never user.</summary>
        internal static void AddAttribution(ref TagList list, AttributionTags tags, bool includeTenant)
        {
            if (tags.Feature is { } feature)
            {
                list.Add(GenAiAttributes.Feature, feature);
            }

            if (tags.Team is { } team)
            {
                list.Add(GenAiAttributes.Team, team);
            }

            if (includeTenant && tags.Tenant is { } tenant)
            {
                list.Add(GenAiAttributes.Tenant, tenant);
            }

            if (tags.PromptId is { } promptId)
            {
                list.Add(GenAiAttributes.PromptId, promptId);
            }

            if (tags.PromptVersion is { } promptVersion)
            {
                list.Add(GenAiAttributes.PromptVersion, promptVersion);
            }
        }

        private static string ReadVersion()
        {
            var assembly = typeof(LlmOpsTelemetry).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString()
                ?? "0.0.0";
            var plus = version.IndexOf('+');
            return plus >= 0 ? version.Substring(0, plus) : version;
        }
    }
}
