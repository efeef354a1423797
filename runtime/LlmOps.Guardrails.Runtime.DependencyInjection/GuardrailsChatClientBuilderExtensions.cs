using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Configuration;
using LlmOps.Guardrails.Runtime.Redaction;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmOps.Guardrails.Runtime;

/// <summary>
/// The guardrails as <see cref="ChatClientBuilder"/> steps, named like Microsoft.Extensions.AI's own
/// (<c>UseOpenTelemetry</c>, <c>UseDistributedCache</c>, ...). <see cref="UseLlmOpsGuardrails(ChatClientBuilder, Action{GuardrailsOptions}?)"/>
/// adds the whole pipeline in the order of the <see cref="IChatClient"/> overload; the <c>UseLlmOpsX</c> methods add one
/// concern each. When the pipeline is built, options left at their defaults take the container's
/// <see cref="IBudgetStore"/>, <see cref="IResponseCacheStore"/>, <see cref="TimeProvider"/> and
/// <c>ILoggerFactory</c>, and the <c>LlmOps</c> configuration section registered with
/// <see cref="LlmOpsGuardrailsServiceCollectionExtensions.AddLlmOpsGuardrails"/> is applied before the callback.
/// </summary>
public static class GuardrailsChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the default pipeline (<c>attribution → telemetry → budget → cache → redaction → fallback[ retry → provider ]</c>)
    /// around everything the builder adds after it. Microsoft.Extensions.AI's <c>UseOpenTelemetry</c>,
    /// <c>UseDistributedCache</c> and <c>UseFunctionInvocation</c> must come before this call; after it,
    /// <see cref="ChatClientBuilder.Build"/> throws an <see cref="InvalidOperationException"/> that names the fix.
    /// </summary>
    public static ChatClientBuilder UseLlmOpsGuardrails(this ChatClientBuilder builder, Action<GuardrailsOptions>? configure = null) =>
        builder.UseLlmOpsGuardrails(configure is null ? null : (_, options) => configure(options));

    /// <summary>As <see cref="UseLlmOpsGuardrails(ChatClientBuilder, Action{GuardrailsOptions}?)"/>, with the container at hand.</summary>
    public static ChatClientBuilder UseLlmOpsGuardrails(this ChatClientBuilder builder, Action<IServiceProvider, GuardrailsOptions>? configure)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        return builder.Use((inner, services) =>
        {
            MicrosoftExtensionsAIOrder.EnsureNotInside(inner, nameof(UseLlmOpsGuardrails) + "()", spans: true, billing: true, perCall: true);
            var settings = services.GetService<IOptions<GuardrailsSettings>>()?.Value;
            return inner.UseLlmOpsGuardrails(options =>
            {
                if (settings is not null)
                {
                    GuardrailsSettingsApplier.Apply(settings, options, services);
                }

                configure?.Invoke(services, options);
                ContainerServices.Apply(options, services);
            });
        });
    }

    /// <summary>
    /// As <see cref="UseLlmOpsGuardrails(ChatClientBuilder, Action{GuardrailsOptions}?)"/>, with the options read from
    /// <paramref name="section"/> (the shape of the <c>LlmOps</c> section, see docs/runtime.md) when the pipeline is built.
    /// A section with problems fails the build with an <see cref="OptionsValidationException"/> listing each by key.
    /// </summary>
    public static ChatClientBuilder UseLlmOpsGuardrails(this ChatClientBuilder builder, IConfiguration section, Action<GuardrailsOptions>? configure = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        return builder.Use((inner, services) =>
        {
            MicrosoftExtensionsAIOrder.EnsureNotInside(inner, nameof(UseLlmOpsGuardrails) + "()", spans: true, billing: true, perCall: true);
            var settings = new GuardrailsSettings();
            GuardrailsSectionReader.Read(section, settings);
            var result = new GuardrailsSettingsValidation(services).Validate(Options.DefaultName, settings);
            if (result.Failed)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(GuardrailsSettings), result.Failures);
            }

            return inner.UseLlmOpsGuardrails(options =>
            {
                GuardrailsSettingsApplier.Apply(settings, options, services);
                configure?.Invoke(options);
                ContainerServices.Apply(options, services);
            });
        });
    }

    /// <summary>Adds <see cref="AttributingChatClient"/>: who pays for each call; removes <c>llmops.*</c> keys before the provider.</summary>
    public static ChatClientBuilder UseLlmOpsAttribution(this ChatClientBuilder builder, AttributionOptions? options = null) =>
        Checked(builder).Use(inner => inner.WithAttribution(options));

    /// <summary>
    /// Adds <see cref="TelemetryChatClient"/>. With Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> before it, it adds
    /// cost and attribution to that span instead of starting a second one.
    /// </summary>
    public static ChatClientBuilder UseLlmOpsTelemetry(this ChatClientBuilder builder, TelemetryOptions? options = null) =>
        Checked(builder).Use(inner =>
        {
            MicrosoftExtensionsAIOrder.EnsureNotInside(inner, nameof(UseLlmOpsTelemetry) + "()", spans: true, billing: true, perCall: true);
            return inner.WithTelemetry(options);
        });

    /// <summary>
    /// Adds <see cref="BudgetChatClient"/>. Null options: the budgets of the <c>LlmOps</c> section
    /// (<see cref="LlmOpsGuardrailsServiceCollectionExtensions.AddLlmOpsGuardrails"/>); there must be some.
    /// </summary>
    public static ChatClientBuilder UseLlmOpsBudget(this ChatClientBuilder builder, BudgetOptions? options = null) =>
        Checked(builder).Use((inner, services) =>
        {
            MicrosoftExtensionsAIOrder.EnsureNotInside(inner, nameof(UseLlmOpsBudget) + "()", spans: false, billing: true, perCall: true);
            var budget = options ?? FromSettings(services).Budget
                ?? throw new InvalidOperationException(
                    "UseLlmOpsBudget() was given no BudgetOptions and the LlmOps configuration section has no Budgets. "
                    + "Pass the options, or register the section with services.AddLlmOpsGuardrails(configuration.GetSection(\"LlmOps\")).");
            ContainerServices.ApplyTo(budget, services);
            return new BudgetChatClient(inner, budget);
        });

    /// <summary>Adds <see cref="ResponseCachingChatClient"/> (null options: the section's <c>Cache</c>, else defaults).</summary>
    public static ChatClientBuilder UseLlmOpsResponseCache(this ChatClientBuilder builder, ResponseCacheOptions? options = null) =>
        Checked(builder).Use((inner, services) =>
        {
            var cache = options ?? FromSettings(services).Cache ?? new ResponseCacheOptions();
            ContainerServices.ApplyTo(cache, services);
            return inner.WithResponseCache(cache);
        });

    /// <summary>Adds <see cref="PiiRedactingChatClient"/>.</summary>
    public static ChatClientBuilder UseLlmOpsPiiRedaction(this ChatClientBuilder builder, PiiRedactionOptions? options = null) =>
        Checked(builder).Use(inner => inner.WithPiiRedaction(options));

    /// <summary>Adds <see cref="RetryingChatClient"/> (null options: the section's <c>Retry</c>, else defaults).</summary>
    public static ChatClientBuilder UseLlmOpsRetry(this ChatClientBuilder builder, RetryOptions? options = null) =>
        Checked(builder).Use((inner, services) =>
        {
            var retry = options ?? FromSettings(services).Retry ?? new RetryOptions();
            ContainerServices.ApplyTo(retry, services);
            return inner.WithRetry(retry);
        });

    /// <summary>
    /// Adds a <see cref="FallbackChatClient"/> whose first target is the client the builder has built so far (named
    /// <paramref name="primaryName"/>), followed by <paramref name="targets"/> and the section's <c>Fallback:Targets</c>.
    /// Targets are used as given: add <see cref="UseLlmOpsRetry"/> before this call for a retry around the whole chain,
    /// or wrap each target's client in <c>WithRetry()</c>.
    /// </summary>
    public static ChatClientBuilder UseLlmOpsFallback(this ChatClientBuilder builder, IEnumerable<FallbackTarget>? targets = null, FallbackOptions? options = null, string primaryName = "primary") =>
        Checked(builder).Use((inner, services) =>
        {
            var fromSettings = FromSettings(services);
            var chain = new List<FallbackTarget> { new FallbackTarget(primaryName, inner) };
            if (targets is not null)
            {
                chain.AddRange(targets);
            }

            chain.AddRange(fromSettings.FallbackTargets);
            var fallback = options ?? fromSettings.Fallback ?? new FallbackOptions();
            if (services.GetService<TimeProvider>() is { } clock)
            {
                ContainerServices.ApplyTo(fallback, clock);
            }

            return chain.WithFallback(fallback);
        });

    /// <summary>The section's options alone (empty when none is registered).</summary>
    private static GuardrailsOptions FromSettings(IServiceProvider services)
    {
        var options = new GuardrailsOptions();
        if (services.GetService<IOptions<GuardrailsSettings>>()?.Value is { } settings)
        {
            GuardrailsSettingsApplier.Apply(settings, options, services);
        }

        return options;
    }

    private static ChatClientBuilder Checked(ChatClientBuilder builder) => builder ?? throw new ArgumentNullException(nameof(builder));
}
