using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Runtime.Telemetry;

namespace LlmOps.Guardrails.Runtime.Tests.Telemetry;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "LlmOps telemetry listeners";
}

/// <summary>One measurement as a MeterListener saw it.</summary>
internal sealed record Measurement(Instrument Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string Name => Instrument.Name;
}

/// <summary>Listens to the library's ActivitySource and Meter; keeps only what carries this test's feature tag.</summary>
internal sealed class TelemetryCollector : IDisposable
{
    private readonly ActivityListener activities;
    private readonly MeterListener meters;
    private readonly ConcurrentQueue<Activity> stopped = new();
    private readonly ConcurrentQueue<Measurement> measurements = new();

    public TelemetryCollector(string feature)
    {
        Feature = feature;
        activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LlmOpsTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("llmops.feature"), feature))
                {
                    stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);

        meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LlmOpsTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        meters.Start();
    }

    public string Feature { get; }

    public IReadOnlyList<Activity> Spans => stopped.ToArray();

    public IReadOnlyList<Measurement> Measurements => measurements.ToArray();

    public IReadOnlyList<Measurement> Of(string instrument) => measurements.Where(m => m.Name == instrument).ToArray();

    public void Dispose()
    {
        activities.Dispose();
        meters.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (Equals(copy.GetValueOrDefault("llmops.feature"), Feature))
        {
            measurements.Enqueue(new Measurement(instrument, value, copy));
        }
    }
}
