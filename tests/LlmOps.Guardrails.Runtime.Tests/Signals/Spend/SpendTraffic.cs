using LlmOps.Guardrails.Runtime;
using LlmOps.Guardrails.Runtime.Signals;

namespace LlmOps.Guardrails.Runtime.Tests.Signals.Spend;

/// <summary>
/// Simulated spend: one call every five minutes per stream, priced so that an hour costs <c>UsdPerHour</c> × the
/// shape's factor at that time, with seeded noise (±20 % per hour, ±30 % per call) and, optionally, a daily wave.
/// </summary>
internal sealed class SpendTraffic
{
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private readonly Random _random;
    private double _hourFactor = 1.0;
    private long _hour = -1;

    public SpendTraffic(int seed, string feature = "search", string team = "core", string model = "gpt-4o-mini", string tenant = "acme", string user = "user-1")
    {
        _random = new Random(seed);
        Tags = new AttributionTags { Feature = feature, Team = team, Tenant = tenant, User = user };
        Model = model;
    }

    public AttributionTags Tags { get; }

    public string Model { get; }

    public decimal UsdPerHour { get; init; } = 3m;

    /// <summary>A daily wave of ±this fraction around the mean (peak at 06:00 UTC).</summary>
    public double DailyWave { get; init; }

    /// <summary>The calls of one five-minute step starting at <paramref name="at"/>, priced at <paramref name="factor"/> × the usual.</summary>
    public LlmCallRecord CallAt(DateTimeOffset at, double factor = 1.0)
    {
        var hour = at.UtcTicks / TimeSpan.TicksPerHour;
        if (hour != _hour)
        {
            _hour = hour;
            _hourFactor = 1.0 + ((_random.NextDouble() - 0.5) * 0.4);
        }

        var wave = 1.0 + (DailyWave * Math.Sin(2 * Math.PI * at.UtcDateTime.TimeOfDay.TotalHours / 24.0));
        var perCall = (double)UsdPerHour / 12.0 * factor * wave * _hourFactor * (1.0 + ((_random.NextDouble() - 0.5) * 0.6));
        return new LlmCallRecord
        {
            StartedAt = at,
            Duration = TimeSpan.FromMilliseconds(800),
            Attribution = Tags,
            RequestModel = Model,
            ResponseModel = Model,
            CostUsd = Math.Round((decimal)perCall, 6),
            Outcome = LlmCallOutcome.Succeeded,
        };
    }

    /// <summary>Every step from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public static IEnumerable<DateTimeOffset> Steps(DateTimeOffset from, DateTimeOffset to)
    {
        for (var at = from; at < to; at += Step)
        {
            yield return at;
        }
    }
}
