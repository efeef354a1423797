using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Runtime.Signals.Audit;
using LlmOps.Guardrails.Runtime.Telemetry;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Tests.Audit;

// One class: the failure counter is process-wide, so these tests must not run in parallel with each other.
public class AuditTrailObserverTests
{
    [Fact]
    public async Task Buffered_records_are_written_in_order_and_flush_waits_for_them()
    {
        var folder = AuditTestKit.NewFolder();
        using var sink = new JsonlAuditSink(folder);
        await using var observer = new AuditTrailObserver(sink, new AuditOptions { MaxBatchSize = 4 });
        for (var i = 1; i <= 10; i++) observer.OnCallCompleted(AuditTestKit.Call(i));
        await observer.FlushAsync();

        var result = AuditFileVerifier.Verify(folder);
        Assert.True(result.IsIntact, result.FirstBreak?.ToString());
        Assert.Equal(10, result.Records);
        Assert.Equal(0, observer.Buffered);
    }

    [Fact]
    public async Task A_disk_that_fails_is_retried_then_counted_and_logged_and_the_call_goes_on()
    {
        // The audit folder's path is taken by a file: every write fails for real, in the file system.
        var blocked = Path.Combine(AuditTestKit.NewFolder(), "audit");
        File.WriteAllText(blocked, "not a folder");
        using var sink = new JsonlAuditSink(blocked);
        var logger = new ListLogger();
        var clock = new AutoAdvancingTimeProvider();
        using var failures = new FailureCounter();

        await using (var observer = new AuditTrailObserver(sink, new AuditOptions { Logger = logger, TimeProvider = clock, MaxWriteAttempts = 3 }))
        {
            observer.OnCallCompleted(AuditTestKit.Call(1));
            observer.OnCallCompleted(AuditTestKit.Call(2));
            await observer.FlushAsync();
        }

        Assert.Equal(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) }, clock.Delays.Take(2));
        Assert.Equal(2, failures.Total(AuditTelemetry.WriteFailed));
        var failed = Assert.Single(logger.Entries, e => e.Id.Name == "AuditWriteFailed");
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains("2 audit record(s) could not be written after 3 attempts", failed.Message);
        Assert.Equal(2, logger.Entries.Count(e => e.Id.Name == "AuditWriteRetried"));
    }

    [Fact]
    public async Task A_sink_that_recovers_within_the_retries_loses_nothing()
    {
        var folder = AuditTestKit.NewFolder();
        using var sink = new JsonlAuditSink(folder);
        var flaky = new FlakySink(sink, failures: 2);
        using var failures = new FailureCounter();
        await using (var observer = new AuditTrailObserver(flaky, new AuditOptions { TimeProvider = new AutoAdvancingTimeProvider() }))
        {
            observer.OnCallCompleted(AuditTestKit.Call(1));
            await observer.FlushAsync();
        }

        Assert.Equal(3, flaky.Attempts);
        Assert.Equal(0, failures.Total(AuditTelemetry.WriteFailed));
        Assert.True(AuditFileVerifier.Verify(folder).IsIntact);
    }

    [Fact]
    public async Task A_full_buffer_drops_counts_and_logs_without_blocking_the_call()
    {
        var gate = new TaskCompletionSource();
        var slow = new BlockingSink(gate.Task);
        var logger = new ListLogger();
        using var failures = new FailureCounter();
        await using (var observer = new AuditTrailObserver(slow, new AuditOptions { BufferCapacity = 2, MaxBatchSize = 1, Logger = logger }))
        {
            observer.OnCallCompleted(AuditTestKit.Call(1));
            await slow.Entered.Task; // the writer holds record 1; the buffer is empty again
            for (var i = 2; i <= 6; i++) observer.OnCallCompleted(AuditTestKit.Call(i));
            Assert.Equal(2, observer.Buffered);
            gate.SetResult();
        }

        Assert.Equal(3, failures.Total(AuditTelemetry.BufferFull));
        Assert.Equal(3, logger.Entries.Count(e => e.Id.Name == "AuditBufferFull"));
        Assert.Equal(3, slow.Written);
    }

    [Fact]
    public async Task Fail_closed_throws_on_the_calls_path_when_the_record_cannot_be_written()
    {
        var blocked = Path.Combine(AuditTestKit.NewFolder(), "audit");
        File.WriteAllText(blocked, "not a folder");
        using var sink = new JsonlAuditSink(blocked);
        await using var observer = new AuditTrailObserver(sink, new AuditOptions { FailClosed = true, MaxWriteAttempts = 2, TimeProvider = new AutoAdvancingTimeProvider() });

        var error = Assert.Throws<AuditWriteException>(() => observer.OnCallCompleted(AuditTestKit.Call(1)));
        Assert.Contains("could not be written after 2 attempts", error.Message);
        Assert.Contains("FailClosed", error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task Fail_closed_writes_before_the_call_returns()
    {
        var folder = AuditTestKit.NewFolder();
        using var sink = new JsonlAuditSink(folder);
        await using var observer = new AuditTrailObserver(sink, new AuditOptions { FailClosed = true });
        observer.OnCallCompleted(AuditTestKit.Call(1));
        Assert.Equal(1, AuditFileVerifier.Verify(folder).Records);
    }

    [Fact]
    public async Task A_call_after_dispose_is_counted_not_lost_silently()
    {
        using var sink = new JsonlAuditSink(AuditTestKit.NewFolder());
        using var failures = new FailureCounter();
        var observer = new AuditTrailObserver(sink);
        await observer.DisposeAsync();
        observer.OnCallCompleted(AuditTestKit.Call(1));
        Assert.Equal(1, failures.Total(AuditTelemetry.Closed));
    }

    private sealed class FlakySink(IAuditSink inner, int failures) : IAuditSink
    {
        public int Attempts { get; private set; }

        public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            if (++Attempts <= failures) throw new IOException("disk full");
            return inner.AppendAsync(records, cancellationToken);
        }
    }

    private sealed class BlockingSink(Task gate) : IAuditSink
    {
        private int _written;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Written => _written;

        public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await gate;
            Interlocked.Add(ref _written, records.Count);
        }
    }

    /// <summary>Sums llmops.audit.write_failures by reason while it lives.</summary>
    private sealed class FailureCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _totals = new();

        public FailureCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LlmOpsTelemetry.MeterName && instrument.Name == AuditTelemetry.WriteFailuresInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == AuditTelemetry.ReasonTag)
                    {
                        lock (_totals) _totals[(string)tag.Value!] = _totals.GetValueOrDefault((string)tag.Value!) + value;
                    }
                }
            });
            _listener.Start();
        }

        public long Total(string reason)
        {
            lock (_totals) return _totals.GetValueOrDefault(reason);
        }

        public void Dispose() => _listener.Dispose();
    }
}
