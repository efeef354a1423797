using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LlmOps.Guardrails.Runtime;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Audit;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>
/// The audit trail's costs: what a call pays by default (<see cref="OnCallCompletedBufferedThenDrained"/>: the enqueue, and the
/// background writer's work until the buffer is drained), the writer's CPU work per record
/// (<see cref="BuildAndSealRecord"/>), and what a call pays with FailClosed on a local disk (<see cref="FailClosedDurableWrite"/>:
/// one record, one <c>Flush(flushToDisk: true)</c>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class AuditTrailBenchmarks
{
    private static readonly ChatMessage[] Messages =
    {
        new ChatMessage(ChatRole.System, "You classify support tickets."),
        new ChatMessage(ChatRole.User, "My invoice for March is wrong, the amount charged twice."),
    };

    // A new record per call, as the producer makes: its input and output hashes are computed once per record.
    private static LlmCallRecord NewCall() => new()
    {
        StartedAt = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero),
        Duration = TimeSpan.FromMilliseconds(640),
        Attribution = new AttributionTags { Feature = "ticket-triage", Team = "support", PromptId = "classify", PromptVersion = "4" },
        RequestModel = "gpt-4o-mini",
        ResponseModel = "gpt-4o-mini-2024-07-18",
        Provider = "openai",
        InputTokens = 180,
        OutputTokens = 12,
        CostUsd = 0.0000342m,
        Outcome = LlmCallOutcome.Succeeded,
        Messages = Messages,
        ResponseText = "billing",
    };

    private string _folder = null!;
    private JsonlAuditSink _sink = null!;
    private AuditTrailObserver _buffered = null!;
    private AuditTrailObserver _failClosed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "llmops-audit-bench-" + Guid.NewGuid().ToString("N")[..8]);
        _sink = new JsonlAuditSink(_folder);
        _buffered = new AuditTrailObserver(new DiscardingSink(), new AuditOptions { BufferCapacity = 1024 });
        _failClosed = new AuditTrailObserver(_sink, new AuditOptions { FailClosed = true });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _buffered.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _failClosed.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _sink.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// 256 calls enqueue their records, then the writer's drain is awaited: per record, the call's enqueue plus the
    /// writer's build, hash and (discarded) write. An upper bound for what a call's own thread pays, which is the enqueue.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 256)]
    public void OnCallCompletedBufferedThenDrained()
    {
        for (var i = 0; i < 256; i++)
        {
            _buffered.OnCallCompleted(NewCall());
        }

        _buffered.FlushAsync().GetAwaiter().GetResult();
    }

    [Benchmark]
    public string BuildAndSealRecord() => AuditChain.Seal(AuditRecord.From(NewCall(), includeText: false), 1, null);

    [Benchmark]
    public void FailClosedDurableWrite() => _failClosed.OnCallCompleted(NewCall());

    /// <summary>Seals each record as a real sink does (seq, prev, hash, JSON) and stores nothing.</summary>
    private sealed class DiscardingSink : IAuditSink
    {
        private long _seq;
        private string? _prev;

        public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            foreach (var record in records)
            {
                AuditChain.Seal(record, ++_seq, _prev);
                _prev = record.Hash;
            }

            return Task.CompletedTask;
        }
    }
}
