using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LlmOps.Guardrails.Runtime;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Consistency;
using LlmOps.Guardrails.Runtime.Signals.Latency;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>
/// What the latency objective and response consistency observers cost per finished call, on the call's path.
/// Latency: a feature with a duration and a time-to-first-token objective, durations spread over 0.2–3 s (a sample, a
/// merge of the five interval sketches, a quantile). Consistency: a temperature-0 call over 50 inputs in rotation;
/// "fresh record" builds the record per call, so SHA-256 of the input and output is included, as in the pipeline.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class SignalObserverBenchmarks
{
    private readonly List<ChatMessage>[] _inputs = Enumerable.Range(0, 50)
        .Select(i => new List<ChatMessage>
        {
            new(ChatRole.System, "You classify support tickets."),
            new(ChatRole.User, $"Ticket {i}: my invoice for March is wrong, the amount was charged twice."),
        })
        .ToArray();

    private LatencyObjectiveObserver _latency = null!;
    private ResponseConsistencyObserver _consistency = null!;
    private LlmCallRecord[] _streams = null!;
    private LlmCallRecord[] _monitoring = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var latency = new LatencyObjectiveOptions();
        latency.Objectives["triage"] = new LatencyObjective { Threshold = TimeSpan.FromSeconds(2) };
        latency.TimeToFirstTokenObjectives["triage"] = new LatencyObjective { Threshold = TimeSpan.FromMilliseconds(800) };
        _latency = new LatencyObjectiveObserver(latency);
        _consistency = new ResponseConsistencyObserver(new ResponseConsistencyOptions());

        var random = new Random(1);
        _streams = Enumerable.Range(0, 1024).Select(_ => new LlmCallRecord
        {
            Attribution = new AttributionTags { Feature = "triage" },
            Duration = TimeSpan.FromSeconds(0.2 + random.NextDouble() * 2.8),
            TimeToFirstToken = TimeSpan.FromSeconds(0.1 + random.NextDouble() * 0.6),
            Streaming = true,
            Outcome = LlmCallOutcome.Succeeded,
        }).ToArray();
        _monitoring = Enumerable.Range(0, 50).Select(Monitoring).ToArray();
        foreach (var record in _monitoring) _ = (record.InputHash, record.OutputHash);
    }

    [Benchmark(Description = "latency: duration + TTFT objectives")]
    public void Latency() => _latency.OnCallCompleted(_streams[_next++ & 1023]);

    [Benchmark(Description = "consistency: record reused (hashes cached)")]
    public void ConsistencyCachedHashes() => _consistency.OnCallCompleted(_monitoring[_next++ % 50]);

    [Benchmark(Description = "consistency: fresh record (hashing included)")]
    public void ConsistencyFreshRecord() => _consistency.OnCallCompleted(Monitoring(_next++ % 50));

    private LlmCallRecord Monitoring(int input) => new()
    {
        Attribution = new AttributionTags { Feature = "triage", PromptId = "classify", PromptVersion = "3" },
        RequestModel = "gpt-4o-mini",
        Temperature = 0,
        Messages = _inputs[input],
        ResponseText = input % 7 == 0 ? "refund" : "billing",
        Outcome = LlmCallOutcome.Succeeded,
    };
}
