using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Redaction;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime;

/// <summary>
/// Composes the guardrails around a provider client. The order, outermost first:
/// <c>attribution → telemetry → [call observers →] budget → cache → redaction → fallback[ retry → provider ]</c>
/// (without fallback targets: <c>… → redaction → retry → provider</c>). Why: attribution first, so every layer bills the
/// same tags and no "llmops.*" key reaches a provider; telemetry next, so one span covers the whole call (budget
/// refusals, cache hits and every retry and fallback inside it); the budget before the cache, so it sees every
/// request (a hit settles at $0); the cache before redaction and the providers, so a hit costs nothing and never waits on
/// a provider; redaction once, before any provider is tried; retry inside fallback, per target, so one target's transient
/// failure is retried there before the chain moves on.
/// Each single-concern method (<c>WithX</c>) wraps one client, for manual composition or <c>ChatClientBuilder.Use</c>:
/// <c>builder.Use(inner => inner.WithRetry())</c>. <c>WithBudget</c> lives in <see cref="BudgetChatClientExtensions"/>
/// (namespace LlmOps.Guardrails.Runtime.Budgets).
/// </summary>
public static class GuardrailsChatClientExtensions
{
    /// <summary>The default pipeline around <paramref name="provider"/> (the provider adapter, e.g. <c>LlmOpsProviders.OpenAI(...)</c>).</summary>
    public static IChatClient UseLlmOpsGuardrails(this IChatClient provider, Action<GuardrailsOptions>? configure = null)
    {
        if (provider is null)
        {
            throw new ArgumentNullException(nameof(provider));
        }

        var options = Configure(configure);
        if (options.FallbackTargets is { Count: > 0 } others)
        {
            var chain = new List<FallbackTarget>(others.Count + 1) { new FallbackTarget(options.PrimaryTargetName, provider) };
            chain.AddRange(others);
            return Compose(FallbackChain(chain, options), options);
        }

        return Compose(provider.WithRetry(options.Retry), options);
    }

    /// <summary>The default pipeline around a fallback chain: <c>attribution → telemetry → budget → cache → redaction → fallback[ retry → each target ]</c>.</summary>
    public static IChatClient UseLlmOpsGuardrails(this IEnumerable<FallbackTarget> targets, Action<GuardrailsOptions>? configure = null)
    {
        if (targets is null)
        {
            throw new ArgumentNullException(nameof(targets));
        }

        var options = Configure(configure);
        var chain = new List<FallbackTarget>(targets);
        if (options.FallbackTargets is { Count: > 0 } more)
        {
            chain.AddRange(more);
        }

        return Compose(FallbackChain(chain, options), options);
    }

    /// <summary>Wraps <paramref name="client"/> in <see cref="AttributingChatClient"/>.</summary>
    public static IChatClient WithAttribution(this IChatClient client, AttributionOptions? options = null) =>
        new AttributingChatClient(client ?? throw new ArgumentNullException(nameof(client)), options);

    /// <summary>Wraps <paramref name="client"/> in <see cref="TelemetryChatClient"/>.</summary>
    public static IChatClient WithTelemetry(this IChatClient client, TelemetryOptions? options = null) =>
        new TelemetryChatClient(client ?? throw new ArgumentNullException(nameof(client)), options);

    /// <summary>Wraps <paramref name="client"/> in <see cref="ResponseCachingChatClient"/> (null options = defaults: in-memory, 1 h).</summary>
    public static IChatClient WithResponseCache(this IChatClient client, ResponseCacheOptions? options = null) =>
        new ResponseCachingChatClient(client ?? throw new ArgumentNullException(nameof(client)), options ?? new ResponseCacheOptions());

    /// <summary>Wraps <paramref name="client"/> in <see cref="ResponseCachingChatClient"/>, configuring default options.</summary>
    public static IChatClient WithResponseCache(this IChatClient client, Action<ResponseCacheOptions> configure)
    {
        var options = new ResponseCacheOptions();
        (configure ?? throw new ArgumentNullException(nameof(configure)))(options);
        return client.WithResponseCache(options);
    }

    /// <summary>Wraps <paramref name="client"/> in <see cref="RetryingChatClient"/>.</summary>
    public static IChatClient WithRetry(this IChatClient client, RetryOptions? options = null) =>
        new RetryingChatClient(client ?? throw new ArgumentNullException(nameof(client)), options);

    /// <summary>Wraps <paramref name="client"/> in <see cref="PiiRedactingChatClient"/>.</summary>
    public static IChatClient WithPiiRedaction(this IChatClient client, PiiRedactionOptions? options = null) =>
        new PiiRedactingChatClient(client ?? throw new ArgumentNullException(nameof(client)), options);

    /// <summary>A <see cref="FallbackChatClient"/> over <paramref name="targets"/> (each target's client used as given).</summary>
    public static IChatClient WithFallback(this IEnumerable<FallbackTarget> targets, FallbackOptions? options = null) =>
        new FallbackChatClient(targets ?? throw new ArgumentNullException(nameof(targets)), options);

    private static GuardrailsOptions Configure(Action<GuardrailsOptions>? configure)
    {
        var options = new GuardrailsOptions();
        configure?.Invoke(options);
        return options;
    }

    private static IChatClient FallbackChain(List<FallbackTarget> chain, GuardrailsOptions options)
    {
        var wrapped = new List<FallbackTarget>(chain.Count);
        foreach (var target in chain)
        {
            if (target is null)
            {
                throw new ArgumentException("A fallback chain cannot contain a null target.", nameof(options));
            }

            wrapped.Add(new FallbackTarget(target.Name, target.Client.WithRetry(options.Retry), target.ModelId));
        }

        return new FallbackChatClient(wrapped, options.Fallback);
    }

    private static IChatClient Compose(IChatClient client, GuardrailsOptions options)
    {
        if (options.Redaction is { } redaction)
        {
            client = client.WithPiiRedaction(redaction);
        }

        if (options.Cache is { } cache)
        {
            client = client.WithResponseCache(cache);
        }

        if (options.Budget is { } budget)
        {
            client = new BudgetChatClient(client, budget);
        }

        if (options.Observers is { Count: > 0 } observers)
        {
            client = new CallObservingChatClient(client, observers, options.Telemetry?.Catalog, options.TimeProvider);
        }

        client = client.WithTelemetry(options.Telemetry);
        if (options.RequiredTags is { Count: > 0 } required)
        {
            client = new RequiredTagsChatClient(client, required);
        }

        return client.WithAttribution(options.Attribution);
    }
}
