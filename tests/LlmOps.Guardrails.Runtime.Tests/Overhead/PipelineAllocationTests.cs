using System.Diagnostics;
using System.Reflection;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Telemetry;
using LlmOps.Guardrails.Runtime.Tests.Telemetry;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Overhead;

/// <summary>
/// What the default pipeline allocates per call with nothing listening, over a provider that answers at once: the whole
/// call then runs on this thread, so the count is exact. Times are in bench/ (docs/benchmarks.md), not here.
/// </summary>
/// <remarks>
/// In the telemetry collection, which runs alone: another test's listener would make telemetry record. A Debug build
/// compiles async methods to classes (one more object per async call), so the 1 KB test runs on a Release build
/// (<c>dotnet test tests/LlmOps.Guardrails.Runtime.Tests -c Release</c>) and reports itself skipped otherwise.
/// </remarks>
[Collection(TelemetryCollection.Name)]
public class PipelineAllocationTests
{
    private const string Model = "gpt-4o-mini-2024-07-18";

    private static readonly List<ChatMessage> Messages = new()
    {
        new ChatMessage(ChatRole.System, "You classify support tickets."),
        new ChatMessage(ChatRole.User, "My invoice for March is wrong, the amount charged twice."),
    };

    [Fact]
    public void Attribution_copies_options_that_hold_only_llmops_keys_in_at_most_256_bytes_per_call()
    {
        var provider = new AnsweringClient();
        using var client = provider.WithAttribution();
        var options = new ChatOptions { ModelId = Model, MaxOutputTokens = 256, Temperature = 0 }
            .WithAttribution("ticket-triage", team: "support", tenant: "acme", promptId: "classify", promptVersion: "3");

        var perCall = BytesPerCall(client, options);

        // The copy without a property bag (a ChatOptions, 176 B) and the execution-context change that marks the call in flight.
        Assert.True(perCall <= 256, $"{perCall} bytes per call");
        Assert.Empty(provider.SeenKeys);
        Assert.Equal(5, options.AdditionalProperties!.Count);
    }

    [ReleaseBuildFact]
    public void The_full_pipeline_allocates_at_most_1_KB_per_call_with_nothing_listening()
    {
        var provider = new AnsweringClient();
        using var client = provider.UseLlmOpsGuardrails(o =>
        {
            o.Budget = new BudgetOptions
            {
                Store = new InMemoryBudgetStore(),
                Limits = { BudgetLimit.Global(BudgetWindow.Month, 1_000_000m), new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Day, 1_000_000m) },
            };
            o.FallbackTargets.Add(new FallbackTarget("spare", new AnsweringClient()));
        });
        var options = new ChatOptions { ModelId = Model, MaxOutputTokens = 256, Temperature = 0 }
            .WithAttribution("ticket-triage", team: "support", tenant: "acme", promptId: "classify", promptVersion: "3");

        var perCall = BytesPerCall(client, options);

        Assert.True(perCall <= 1024, $"{perCall} bytes per call");
        Assert.Equal(WarmUpCalls + MeasuredCalls, provider.Calls);
        Assert.All(provider.SeenKeys, key => Assert.False(key.StartsWith("llmops.", StringComparison.OrdinalIgnoreCase), key));
    }

    private const int WarmUpCalls = 200;
    private const int MeasuredCalls = 2000;

    private static long BytesPerCall(IChatClient client, ChatOptions options)
    {
        Assert.False(LlmOpsTelemetry.IsObserved, "a listener from another test is still attached");
        for (var i = 0; i < WarmUpCalls; i++)
        {
            CallSynchronously(client, options);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < MeasuredCalls; i++)
        {
            CallSynchronously(client, options);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / MeasuredCalls;
    }

    private static void CallSynchronously(IChatClient client, ChatOptions options)
    {
        var call = client.GetResponseAsync(Messages, options);
        Assert.True(call.IsCompletedSuccessfully);
    }

    /// <summary>A fact that runs only on an optimized build of the runtime assembly, and says why it skipped otherwise.</summary>
    private sealed class ReleaseBuildFactAttribute : FactAttribute
    {
        public ReleaseBuildFactAttribute()
        {
            if (typeof(BudgetChatClient).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
            {
                Skip = "The runtime assembly is a Debug build (async state machines are classes there): run with -c Release.";
            }
        }
    }

    private sealed class AnsweringClient : IChatClient
    {
        private readonly Task<ChatResponse> response = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "billing"))
        {
            ModelId = Model,
            Usage = new UsageDetails { InputTokenCount = 420, OutputTokenCount = 3, TotalTokenCount = 423 },
        });

        public int Calls { get; private set; }

        public HashSet<string> SeenKeys { get; } = new();

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            if (options?.AdditionalProperties is { } properties)
            {
                SeenKeys.UnionWith(properties.Keys);
            }

            return response;
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
