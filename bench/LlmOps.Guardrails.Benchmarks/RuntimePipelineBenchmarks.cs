using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LlmOps.Guardrails.Runtime;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Caching;
using LlmOps.Guardrails.Runtime.Redaction;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>
/// What the runtime middleware adds to one non-streaming call, over a no-op provider that returns a preallocated
/// response with usage. <see cref="FullPipeline"/> is the default composition (attribution → telemetry → budget
/// (in-memory) → fallback[ retry → provider ] with one healthy target; no cache, no redaction). The per-middleware
/// variants wrap the no-op client in one layer each, to show what dominates. <see cref="Listening"/> attaches an
/// ActivityListener (all data, recorded) and a MeterListener on every LlmOps instrument, as an OpenTelemetry SDK would.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class RuntimePipelineBenchmarks
{
    private const string Model = "gpt-4o-mini-2024-07-18";
    private const string MeaiSourceName = "Bench.Meai";

    private readonly List<ChatMessage> _messages = new()
    {
        new ChatMessage(ChatRole.System, "You classify support tickets."),
        new ChatMessage(ChatRole.User, "My invoice for March is wrong, the amount charged twice."),
    };

    private ChatOptions _options = null!;
    private IChatClient _bare = null!;
    private IChatClient _full = null!;
    private IChatClient _meaiOpenTelemetry = null!;
    private IChatClient _attribution = null!;
    private IChatClient _telemetry = null!;
    private IChatClient _meaiOpenTelemetryOverTelemetry = null!;
    private IChatClient _budget = null!;
    private IChatClient _retry = null!;
    private IChatClient _fallback = null!;
    private IChatClient _cacheMiss = null!;
    private IChatClient _redactionClean = null!;
    private ActivityListener? _activityListener;
    private MeterListener? _meterListener;
    private long _counter;

    [ParamsAllValues]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Listening)
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is LlmOpsTelemetry.SourceName or MeaiSourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_activityListener);
            _meterListener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name is LlmOpsTelemetry.MeterName or MeaiSourceName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meterListener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
            _meterListener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
            _meterListener.SetMeasurementEventCallback<int>(static (_, _, _, _) => { });
            _meterListener.Start();
        }

        _options = new ChatOptions { ModelId = Model, MaxOutputTokens = 256, Temperature = 0 }
            .WithAttribution("ticket-triage", team: "support", tenant: "acme", promptId: "classify", promptVersion: "3");

        _bare = new NoOpChatClient();
        _full = new NoOpChatClient().UseLlmOpsGuardrails(o =>
        {
            o.Budget = NewBudget();
            o.PrimaryTargetName = "openai";
            o.FallbackTargets.Add(new FallbackTarget("spare", new NoOpChatClient()));
        });
        _meaiOpenTelemetry = new ChatClientBuilder(new NoOpChatClient()).UseOpenTelemetry(sourceName: MeaiSourceName).Build();
        _attribution = new NoOpChatClient().WithAttribution();
        _telemetry = new NoOpChatClient().WithTelemetry();
        // Microsoft.Extensions.AI's span outside ours: one span per call, which our telemetry enriches with cost.
        _meaiOpenTelemetryOverTelemetry = new ChatClientBuilder(new NoOpChatClient().WithTelemetry()).UseOpenTelemetry(sourceName: MeaiSourceName).Build();
        _budget = new NoOpChatClient().WithBudget(NewBudget());
        _retry = new NoOpChatClient().WithRetry();
        _fallback = new[] { new FallbackTarget("openai", new NoOpChatClient()) }.WithFallback();
        _cacheMiss = new NoOpChatClient().WithResponseCache(new ResponseCacheOptions { Store = new InMemoryResponseCacheStore(1024) });
        _redactionClean = new NoOpChatClient().WithPiiRedaction();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activityListener?.Dispose();
        _meterListener?.Dispose();
    }

    private static BudgetOptions NewBudget() => new()
    {
        Store = new InMemoryBudgetStore(),
        Limits = { BudgetLimit.Global(BudgetWindow.Month, 1_000_000_000m), new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Day, 1_000_000_000m) },
    };

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> FullPipeline() => _full.GetResponseAsync(_messages, _options);

    /// <summary>The ecosystem's reference: Microsoft.Extensions.AI's own OpenTelemetryChatClient alone (its source and meter are listened to like ours).</summary>
    [Benchmark]
    public Task<ChatResponse> MeaiOpenTelemetryOnly() => _meaiOpenTelemetry.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> AttributionOnly() => _attribution.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> TelemetryOnly() => _telemetry.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> MeaiOpenTelemetryOverTelemetry() => _meaiOpenTelemetryOverTelemetry.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> BudgetOnly() => _budget.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> RetryOnly() => _retry.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> FallbackOnly() => _fallback.GetResponseAsync(_messages, _options);

    /// <summary>A miss that is then stored: each call's user message is new (the string it builds is part of the figure).</summary>
    [Benchmark]
    public Task<ChatResponse> CacheMissOnly() =>
        _cacheMiss.GetResponseAsync(new[] { _messages[0], new ChatMessage(ChatRole.User, "ticket " + Interlocked.Increment(ref _counter)) }, _options);

    /// <summary>Redaction scanning a request with no PII (the common case).</summary>
    [Benchmark]
    public Task<ChatResponse> RedactionNoPiiOnly() => _redactionClean.GetResponseAsync(_messages, _options);

    private sealed class NoOpChatClient : IChatClient
    {
        private static readonly ChatClientMetadata Metadata = new("openai", new Uri("https://api.openai.com/v1"), Model);

        private readonly Task<ChatResponse> _response = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "billing"))
        {
            ModelId = Model,
            ResponseId = "resp_1",
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 420, OutputTokenCount = 3, TotalTokenCount = 423 },
        });

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => _response;

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata :
            serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
