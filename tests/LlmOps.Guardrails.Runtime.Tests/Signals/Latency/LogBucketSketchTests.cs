using LlmOps.Guardrails.Runtime.Signals.Latency;

namespace LlmOps.Guardrails.Runtime.Tests.Signals.Latency;

public sealed class LogBucketSketchTests
{
    private static readonly double[] Quantiles = { 0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1 };

    [Theory]
    [InlineData(1, 0.01)]
    [InlineData(2, 0.02)]
    [InlineData(3, 0.005)]
    public void Every_quantile_is_within_the_relative_accuracy_of_the_exact_one(int seed, double accuracy)
    {
        var random = new Random(seed);

        // Log-normal around 800 ms with a long tail, the shape LLM latencies have.
        var values = Enumerable.Range(0, 20_000).Select(_ => Math.Exp(Math.Log(0.8) + 0.9 * Gaussian(random))).ToArray();
        var sketch = new LogBucketSketch(accuracy, 1e-4, 3600);
        foreach (var value in values) sketch.Add(value);

        Array.Sort(values);
        foreach (var q in Quantiles)
        {
            var exact = values[(int)Math.Floor(q * (values.Length - 1))];
            var estimate = sketch.Quantile(q)!.Value;
            Assert.True(Math.Abs(estimate - exact) <= accuracy * exact * (1 + 1e-9), $"q={q}: estimate {estimate}, exact {exact}, accuracy {accuracy}");
        }
    }

    [Fact]
    public void Merged_sketches_answer_as_one_sketch_of_all_the_values()
    {
        var random = new Random(7);
        var all = new LogBucketSketch(0.01, 1e-4, 3600);
        var parts = Enumerable.Range(0, 4).Select(_ => new LogBucketSketch(0.01, 1e-4, 3600)).ToArray();
        for (var i = 0; i < 10_000; i++)
        {
            // Each part sees a different range, so the merge must combine distinct buckets.
            var value = (i % 4 + 1) * random.NextDouble() * 3;
            all.Add(value);
            parts[i % 4].Add(value);
        }

        var merged = new LogBucketSketch(0.01, 1e-4, 3600);
        foreach (var part in parts) merged.MergeFrom(part);

        Assert.Equal(all.Count, merged.Count);
        foreach (var q in Quantiles) Assert.Equal(all.Quantile(q), merged.Quantile(q));
    }

    [Fact]
    public void Sketches_with_other_parameters_do_not_merge_and_memory_is_fixed()
    {
        var sketch = new LogBucketSketch(0.01, 1e-4, 3600);
        Assert.Throws<ArgumentException>(() => sketch.MergeFrom(new LogBucketSketch(0.02, 1e-4, 3600)));

        var buckets = sketch.BucketCount;
        for (var i = 0; i < 100_000; i++) sketch.Add(i * 0.05);
        Assert.Equal(buckets, sketch.BucketCount);
        Assert.InRange(buckets, 800, 900);
    }

    [Fact]
    public void Values_outside_the_range_are_clamped_and_an_empty_sketch_has_no_quantile()
    {
        var sketch = new LogBucketSketch(0.01, 1e-4, 3600);
        Assert.Null(sketch.Quantile(0.5));
        sketch.Add(0);
        sketch.Add(10_000);
        Assert.Equal(1e-4, sketch.Quantile(0)!.Value, 8);
        Assert.Equal(3600, sketch.Quantile(1)!.Value, 6);
    }

    [Fact]
    public void The_window_forgets_intervals_older_than_itself()
    {
        var window = new SlidingQuantileWindow(TimeSpan.FromMinutes(5), 5, 0.01, 1e-4, 3600);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10; i++) window.Add(start, 10);
        for (var i = 0; i < 10; i++) window.Add(start.AddMinutes(3), 1);

        Assert.Equal(20, window.Read(start.AddMinutes(4)).Count);
        Assert.Equal(10, window.Read(start.AddMinutes(5)).Count);
        Assert.Equal(1, window.Read(start.AddMinutes(5)).Quantile(1)!.Value, 1);
        Assert.Equal(0, window.Read(start.AddMinutes(8)).Count);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
