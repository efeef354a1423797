using System.Collections.Concurrent;
using System.Diagnostics;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Telemetry;

namespace LlmOps.Guardrails.Runtime.Tests.Composition;

/// <summary>A clock stopped at one instant, so a test knows which budget window its calls land in.</summary>
internal sealed class FixedClock : TimeProvider
{
    public static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Noon;
}

/// <summary>
/// Records every span of Microsoft.Extensions.AI's and this library's sources that belongs to one test: the test runs
/// inside <see cref="Root"/>, and only spans of its trace are kept.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    public const string MeaiSourceName = "Experimental.Microsoft.Extensions.AI";

    private const string TestSourceName = "LlmOps.Guardrails.Runtime.Tests.Composition";

    private static readonly ActivitySource TestSource = new(TestSourceName);
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<Activity> stopped = new();

    public SpanRecorder()
    {
        listener = new ActivityListener
        {
            // By name: the static source may be created after this listener, while the listener is asked about it.
            ShouldListenTo = source => source.Name is MeaiSourceName or LlmOpsTelemetry.SourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Root is { } root && activity.TraceId == root.TraceId && !ReferenceEquals(activity, root))
                {
                    stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        Root = TestSource.StartActivity("test")!;
    }

    public Activity Root { get; }

    /// <summary>The GenAI chat spans of the test, whichever source started them.</summary>
    public IReadOnlyList<Activity> ChatSpans =>
        stopped.Where(a => a.GetTagItem(GenAiAttributes.OperationName) as string == GenAiAttributes.OperationChat).ToArray();

    public void Dispose()
    {
        Root.Dispose();
        listener.Dispose();
    }
}

internal static class BudgetBuckets
{
    /// <summary>What the store holds for the global daily limit on <see cref="FixedClock.Noon"/>.</summary>
    public static async Task<BudgetUsage> GlobalDay(IBudgetStore store, BudgetLimit limit) =>
        await store.GetUsageAsync(BudgetBucket.For(limit, null, FixedClock.Noon));
}
