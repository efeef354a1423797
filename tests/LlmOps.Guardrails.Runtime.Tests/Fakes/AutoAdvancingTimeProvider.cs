namespace LlmOps.Guardrails.Runtime.Tests.Fakes;

/// <summary>
/// A virtual clock whose timers fire at once and move the clock forward by their due time, so code that waits
/// (retry backoff, Retry-After) runs instantly while the waits it asked for are recorded in <see cref="Delays"/>.
/// Only one-shot timers are supported (what <c>Task.Delay</c>-style waits use).
/// </summary>
public sealed class AutoAdvancingTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = new();
    private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    /// <summary>Every timer due time requested, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate) return _delays.ToArray();
        }
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <summary>Moves the clock forward without a timer (e.g. to simulate a slow attempt).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FiringTimer();
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate) _delays.Add(dueTime);
            Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ =>
            {
                if (!timer.Disposed) callback(state);
            });
        }

        return timer;
    }

    private sealed class FiringTimer : ITimer
    {
        public volatile bool Disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return default;
        }
    }
}
