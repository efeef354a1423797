using System;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Signals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime;

/// <summary>
/// Fills what the options leave at the library's defaults with services registered in the container: an
/// <see cref="IBudgetStore"/>, an <see cref="IResponseCacheStore"/>, a <see cref="TimeProvider"/>, an
/// <see cref="ILoggerFactory"/> and every <see cref="ILlmCallObserver"/>.
/// </summary>
/// <remarks>
/// "Default" is judged by value, since the options cannot tell a default from the same value set in code: the in-memory
/// stores (exactly those types), the system clock (<see cref="TimeProvider.System"/> or null), no alert callback. A
/// store of another type, another clock or a callback set by the application is kept.
/// </remarks>
internal static class ContainerServices
{
    public static void Apply(GuardrailsOptions options, IServiceProvider services)
    {
        if (options.Budget is { } budget)
        {
            ApplyTo(budget, services);
        }

        if (options.Cache is { } cache)
        {
            ApplyTo(cache, services);
        }

        // Observers registered in the container (AddSingleton<ILlmCallObserver, …>) join those set in code.
        foreach (var observer in services.GetServices<ILlmCallObserver>())
        {
            if (!options.Observers.Contains(observer))
            {
                options.Observers.Add(observer);
            }
        }

        if (services.GetService<TimeProvider>() is { } clock)
        {
            options.TimeProvider ??= clock;
            options.Retry ??= new RetryOptions();
            options.Retry.TimeProvider ??= clock;
            if (options.FallbackTargets.Count > 0)
            {
                options.Fallback ??= new FallbackOptions();
                ApplyTo(options.Fallback, clock);
            }
        }
    }

    public static void ApplyTo(BudgetOptions budget, IServiceProvider services)
    {
        if (budget.Store?.GetType() == typeof(InMemoryBudgetStore) && services.GetService<IBudgetStore>() is { } store)
        {
            budget.Store = store;
        }

        if (IsSystemClock(budget.TimeProvider) && services.GetService<TimeProvider>() is { } clock)
        {
            budget.TimeProvider = clock;
        }

        if (budget.OnAlert is null && services.GetService<ILoggerFactory>() is { } loggers)
        {
            var logger = loggers.CreateLogger("LlmOps.Guardrails.Runtime.Budgets");
            budget.OnAlert = alert => BudgetAlertLog.Crossed(logger, alert, null);
        }
    }

    public static void ApplyTo(ResponseCacheOptions cache, IServiceProvider services)
    {
        if (cache.Store?.GetType() == typeof(InMemoryResponseCacheStore) && services.GetService<IResponseCacheStore>() is { } store)
        {
            cache.Store = store;
        }

        if (IsSystemClock(cache.TimeProvider) && services.GetService<TimeProvider>() is { } clock)
        {
            cache.TimeProvider = clock;
        }
    }

    public static void ApplyTo(RetryOptions retry, IServiceProvider services) =>
        retry.TimeProvider ??= services.GetService<TimeProvider>();

    public static void ApplyTo(FallbackOptions fallback, TimeProvider clock)
    {
        if (IsSystemClock(fallback.TimeProvider))
        {
            fallback.TimeProvider = clock;
        }
    }

    private static bool IsSystemClock(TimeProvider? clock) => clock is null || ReferenceEquals(clock, TimeProvider.System);
}

/// <summary>The budget alert as a log event, when the application registered logging but set no <c>OnAlert</c>.</summary>
internal static class BudgetAlertLog
{
    public static readonly Action<ILogger, BudgetAlert, Exception?> Crossed = LoggerMessage.Define<BudgetAlert>(
        LogLevel.Warning, new EventId(1, "LlmOpsBudgetAlert"), "LLM budget alert: {Alert}");
}
