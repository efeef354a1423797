using System.Collections.Concurrent;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Tests.Composition;

/// <summary>What services.AddChatClient(...).UseLlmOpsGuardrails() takes from the container, and what it leaves alone.</summary>
public sealed class ContainerServicesTests
{
    private const string Model = "gpt-4o-mini-2024-07-18";

    [Fact]
    public async Task Budget_alerts_are_logged_through_the_containers_logger_factory_when_no_callback_is_set()
    {
        var loggers = new RecordingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(loggers);
        services.AddChatClient(new RecordingChatClient(respond: (_, _) => RecordingChatClient.Answer("ok", new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 100 })))
            .UseLlmOpsGuardrails(o => o.Budget = new BudgetOptions { Limits = { BudgetLimit.Global(BudgetWindow.Day, 0.00025m) } });
        await using var provider = services.BuildServiceProvider();

        // 1,000 input and 100 output tokens of gpt-4o-mini cost $0.00021: 84 % of the limit, past the 80 % alert.
        await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions { ModelId = Model, MaxOutputTokens = 10 });

        var entry = Assert.Single(loggers.Entries);
        Assert.Equal(("LlmOps.Guardrails.Runtime.Budgets", LogLevel.Warning), (entry.Category, entry.Level));
        Assert.StartsWith("LLM budget alert: ", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_containers_stores_replace_the_in_memory_defaults_and_a_store_of_another_type_is_kept()
    {
        var cacheStore = new InMemoryResponseCacheStore();
        var budgetStore = new InMemoryBudgetStore();
        var services = new ServiceCollection();
        services.AddSingleton<IResponseCacheStore>(cacheStore);
        services.AddSingleton<IBudgetStore>(budgetStore);
        var defaults = new BudgetOptions { Limits = { BudgetLimit.Global(BudgetWindow.Day, 10m) } };
        var own = new BudgetOptions { Store = new ForwardingBudgetStore(new InMemoryBudgetStore()), Limits = { BudgetLimit.Global(BudgetWindow.Day, 10m) } };
        services.AddChatClient(Answering()).UseLlmOpsGuardrails(o => { o.Budget = defaults; o.Cache = new ResponseCacheOptions(); });
        services.AddKeyedChatClient("own", Answering()).UseLlmOpsGuardrails(o => o.Budget = own);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions { ModelId = Model, MaxOutputTokens = 10 });
        var ownStore = own.Store;
        provider.GetRequiredKeyedService<IChatClient>("own");

        Assert.Same(budgetStore, defaults.Store);
        Assert.Equal(1, cacheStore.Count);
        Assert.Same(ownStore, own.Store);
        Assert.IsType<ForwardingBudgetStore>(own.Store);
    }

    [Fact]
    public async Task The_callback_can_take_its_options_from_the_container()
    {
        var store = new InMemoryBudgetStore();
        var services = new ServiceCollection();
        services.AddSingleton(new BudgetOptions { Store = new ForwardingBudgetStore(store), Limits = { BudgetLimit.Global(BudgetWindow.Day, 0m) } });
        services.AddChatClient(Answering()).UseLlmOpsGuardrails((container, o) => o.Budget = container.GetRequiredService<BudgetOptions>());
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<BudgetExceededException>(
            () => provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions { ModelId = Model, MaxOutputTokens = 10 }));
    }

    private static RecordingChatClient Answering() =>
        new(respond: (_, _) => RecordingChatClient.Answer("ok", new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 }));

    /// <summary>A store of the application's own type: the container's must not replace it.</summary>
    private sealed class ForwardingBudgetStore(IBudgetStore inner) : IBudgetStore
    {
        public ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<BudgetCharge> charges, CancellationToken cancellationToken = default) => inner.ReserveAsync(charges, cancellationToken);

        public ValueTask<IReadOnlyList<BudgetUsage>> SettleAsync(BudgetReservation reservation, decimal actualUsd, CancellationToken cancellationToken = default) => inner.SettleAsync(reservation, actualUsd, cancellationToken);

        public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) => inner.ReleaseAsync(reservation, cancellationToken);

        public ValueTask<BudgetUsage> GetUsageAsync(BudgetBucket bucket, CancellationToken cancellationToken = default) => inner.GetUsageAsync(bucket, cancellationToken);
    }

    internal sealed class RecordingLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Logger(RecordingLoggerFactory owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
