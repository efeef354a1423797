using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmOps.Guardrails.Runtime.Tests.Composition;

/// <summary>The LlmOps configuration section: bound into the pipeline, and refused at start-up when it is wrong.</summary>
public sealed class GuardrailsConfigurationTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("LlmOps:" + v.Key, v.Value)))
            .Build()
            .GetSection("LlmOps");

    [Fact]
    public void A_bad_section_is_refused_at_start_up_with_every_problem_by_full_key()
    {
        var services = new ServiceCollection();
        services.AddLlmOpsGuardrails(Section(
            ("Budgets:0:Scope", "Feature"), ("Budgets:0:Window", "Fortnight"), ("Budgets:0:LimitUsd", "25"),
            ("Budgts:0:Scope", "Global"),
            ("Cache:TimeToLive", "half an hour"),
            ("Attribution:RequiredTags:0", "tem"),
            ("Fallback:Targets", "anthropic")));
        services.AddChatClient(new RecordingChatClient()).UseLlmOpsGuardrails();
        using var provider = services.BuildServiceProvider();

        // What a generic host runs when it starts (ValidateOnStart), and the first resolve of the client.
        var atStart = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var atResolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());

        foreach (var message in new[] { atStart.Message, atResolve.Message })
        {
            Assert.Contains("LlmOps:Budgets:0:Window: 'Fortnight' is not one of Hour, Day, Month.", message, StringComparison.Ordinal);
            Assert.Contains("LlmOps:Budgts: 'Budgts' is not a setting here. Did you mean 'Budgets'?", message, StringComparison.Ordinal);
            Assert.Contains("LlmOps:Cache:TimeToLive: 'half an hour' is not a positive duration.", message, StringComparison.Ordinal);
            Assert.Contains("LlmOps:Attribution:RequiredTags:0: 'tem' is not an attribution tag. Did you mean 'team'?", message, StringComparison.Ordinal);
            Assert.Contains("LlmOps:Fallback:Targets: 'anthropic' is a single value where a list is expected.", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_latency_objective_from_the_section_watches_its_feature_and_logs_a_breach()
    {
        var loggers = new ContainerServicesTests.RecordingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(loggers);
        services.AddSingleton<TimeProvider>(new SlowCallsClock(TimeSpan.FromSeconds(3)));
        services.AddLlmOpsGuardrails(Section(("LatencyObjectives:draft-reply:Quantile", "0.95"), ("LatencyObjectives:draft-reply:Threshold", "00:00:02")));
        services.AddChatClient(new RecordingChatClient()).UseLlmOpsGuardrails();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var chat = provider.GetRequiredService<IChatClient>();

        for (var i = 0; i < 25; i++)
        {
            await chat.GetResponseAsync("hi", new ChatOptions().WithAttribution("draft-reply"));
            await chat.GetResponseAsync("hi", new ChatOptions().WithAttribution("unwatched"));
        }

        var breach = Assert.Single(loggers.Entries, entry => entry.Message.Contains("draft-reply", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, breach.Level);
        Assert.DoesNotContain(loggers.Entries, entry => entry.Message.Contains("unwatched", StringComparison.Ordinal));
    }

    [Fact]
    public void A_latency_objective_without_a_threshold_or_with_a_bad_quantile_is_refused_by_key()
    {
        var services = new ServiceCollection();
        services.AddLlmOpsGuardrails(Section(
            ("LatencyObjectives:draft-reply:Quantile", "95"), ("LatencyObjectives:draft-reply:Threshold", "00:00:02"),
            ("LatencyObjectives:search:Quantile", "0.99"),
            ("LatencyObjectives:chat:Treshold", "00:00:01")));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("LlmOps:LatencyObjectives:draft-reply:Quantile: '95' is not a number between 0 and 1.", error.Message, StringComparison.Ordinal);
        Assert.Contains("LlmOps:LatencyObjectives:search:Threshold", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Threshold'?", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every reading of the timestamp is <paramref name="step"/> after the last: each call lasts at least that long.</summary>
    private sealed class SlowCallsClock(TimeSpan step) : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref ticks, step.Ticks);
    }

    [Fact]
    public void A_fallback_target_without_a_registered_client_is_refused_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddLlmOpsGuardrails(Section(("Fallback:Targets:0:Name", "anthropic")));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("LlmOps:Fallback:Targets:0:Name: no IChatClient is registered under the key 'anthropic'.", error.Message, StringComparison.Ordinal);
        Assert.Contains("services.AddKeyedChatClient(\"anthropic\", ...)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Budgets_required_tags_cache_and_fallback_chain_come_from_the_section()
    {
        var primary = new RecordingChatClient(respond: (_, _) => throw new HttpRequestException("down", null, System.Net.HttpStatusCode.ServiceUnavailable));
        var backup = new RecordingChatClient(respond: (_, _) => RecordingChatClient.Answer("from backup", new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10 }));
        var store = new InMemoryBudgetStore(new FixedClock());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedClock());
        services.AddSingleton<IBudgetStore>(store);
        services.AddKeyedChatClient("backup", backup);
        services.AddLlmOpsGuardrails(Section(
            ("Attribution:RequiredTags:0", "feature"), ("Attribution:RequiredTags:1", "team"),
            ("Budgets:0:Scope", "Global"), ("Budgets:0:Window", "Day"), ("Budgets:0:LimitUsd", "5"),
            ("Budget:DefaultModelId", "gpt-4o-mini-2024-07-18"),
            ("Cache:TimeToLive", "00:30:00"),
            ("Retry:MaxAttempts", "1"),
            ("Fallback:Targets:0:Name", "backup")));
        services.AddChatClient(primary).UseLlmOpsGuardrails();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var chat = provider.GetRequiredService<IChatClient>();

        var missingTeam = await Assert.ThrowsAsync<InvalidOperationException>(() => chat.GetResponseAsync("hi", new ChatOptions().WithAttribution("triage")));
        Assert.Contains("no 'team' attribution tag", missingTeam.Message, StringComparison.Ordinal);
        Assert.Equal(0, primary.Calls);

        var options = new ChatOptions { MaxOutputTokens = 50 }.WithAttribution("triage", team: "support");
        var first = await chat.GetResponseAsync("hi", options);
        var second = await chat.GetResponseAsync("hi", options);

        Assert.Equal("from backup", first.Text);
        Assert.Equal("backup", first.AdditionalProperties?[FallbackChatClient.ServedByKey]);
        Assert.Equal("from backup", second.Text);
        Assert.Equal(1, primary.Calls); // retry off (MaxAttempts 1); the second answer is the cache's
        Assert.Equal(1, backup.Calls);
        var spent = await BudgetBuckets.GlobalDay(store, BudgetLimit.Global(BudgetWindow.Day, 5m));
        Assert.True(spent.SpentUsd > 0m);
    }

    [Fact]
    public async Task The_section_can_be_given_to_the_builder_step_itself()
    {
        var services = new ServiceCollection();
        services.AddChatClient(new RecordingChatClient())
            .UseLlmOpsGuardrails(Section(("Budgets:0:Scope", "Global"), ("Budgets:0:Window", "Day"), ("Budgets:0:LimitUsd", "0")));
        await using var provider = services.BuildServiceProvider();

        var refused = await Assert.ThrowsAsync<BudgetExceededException>(
            () => provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-4o-mini-2024-07-18", MaxOutputTokens = 10 }));
        Assert.Equal(0m, refused.LimitUsd);
    }

    [Fact]
    public async Task Single_steps_compose_a_pipeline_and_take_their_options_from_the_section()
    {
        var provider = new RecordingChatClient();
        var services = new ServiceCollection();
        services.AddLlmOpsGuardrails(Section(("Budgets:0:Scope", "Feature"), ("Budgets:0:Window", "Hour"), ("Budgets:0:LimitUsd", "0")));
        services.AddChatClient(provider).UseLlmOpsAttribution().UseLlmOpsTelemetry().UseLlmOpsBudget().UseLlmOpsRetry();
        await using var container = services.BuildServiceProvider();

        var refused = await Assert.ThrowsAsync<BudgetExceededException>(() => container.GetRequiredService<IChatClient>()
            .GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-4o-mini-2024-07-18", MaxOutputTokens = 10 }.WithAttribution("search")));

        Assert.Equal(BudgetScope.Feature, refused.Scope);
        Assert.Equal("search", refused.Key);
        Assert.Equal(0, provider.Calls);
    }

    [Fact]
    public void A_budget_step_with_neither_options_nor_section_says_how_to_give_them()
    {
        var builder = new ChatClientBuilder(new RecordingChatClient()).UseLlmOpsBudget();

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("services.AddLlmOpsGuardrails(configuration.GetSection(\"LlmOps\"))", error.Message, StringComparison.Ordinal);
    }
}
