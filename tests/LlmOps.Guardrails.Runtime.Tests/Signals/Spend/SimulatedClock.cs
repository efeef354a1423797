namespace LlmOps.Guardrails.Runtime.Tests.Signals.Spend;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class SimulatedClock : TimeProvider
{
    private long _ticks;

    public SimulatedClock(DateTimeOffset start) => _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
