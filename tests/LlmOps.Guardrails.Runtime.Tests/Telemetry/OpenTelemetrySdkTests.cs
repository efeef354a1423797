using System.Diagnostics;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Runtime.Telemetry;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LlmOps.Guardrails.Runtime.Tests.Telemetry;

/// <summary>The same telemetry read back through the OpenTelemetry SDK (1.20.1) and its in-memory exporters.</summary>
[Collection(TelemetryCollection.Name)]
public class OpenTelemetrySdkTests
{
    [Fact]
    public async Task The_sdk_exports_the_span_and_the_metrics_with_the_conventions_bucket_boundaries()
    {
        var feature = TelemetryChatClientTests.NewFeature();
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(LlmOpsTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(LlmOpsTelemetry.MeterName).AddInMemoryExporter(metrics).Build();

        var client = new AttributingChatClient(new TelemetryChatClient(TelemetryChatClientTests.OpenAiLike()));
        await client.GetResponseAsync(
            new[] { new ChatMessage(ChatRole.User, "hi") },
            new ChatOptions { ModelId = "gpt-4o" }.WithAttribution(feature, team: "search-team", user: "user-7", promptId: "triage", promptVersion: "3"));

        tracing!.ForceFlush();
        metering!.ForceFlush();

        var span = Assert.Single(spans, s => Equals(s.GetTagItem("llmops.feature"), feature));
        Assert.Equal("chat gpt-4o", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("openai", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("user-7", span.GetTagItem("llmops.user"));
        Assert.Equal(1200L, span.GetTagItem("gen_ai.usage.input_tokens"));
        var cost = CostEngine.Calculate(ModelCatalog.Default.Lookup("gpt-4o-2024-08-06").Model!, new TokenUsage
        {
            InputTokens = 1200,
            CachedInputTokens = 1024,
            OutputTokens = 700,
            ReasoningTokens = 512,
        }).TotalCost;
        Assert.Equal((double)cost, span.GetTagItem("gen_ai.usage.cost.amount"));

        var tokens = Assert.Single(metrics, m => m.Name == "gen_ai.client.token.usage");
        Assert.Equal("{token}", tokens.Unit);
        Assert.Equal(MetricType.Histogram, tokens.MetricType);
        var tokenPoints = Points(tokens, feature);
        Assert.Equal(2, tokenPoints.Count);
        foreach (var point in tokenPoints)
        {
            Assert.Equal(
                new[] { 1.0, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864, double.PositiveInfinity },
                Bounds(point));
            Assert.Equal(1, point.GetHistogramCount());
            var tags = Tags(point);
            Assert.False(tags.ContainsKey("llmops.user"));
            Assert.Equal(tags["gen_ai.token.type"] is "input" ? 1200.0 : 700.0, point.GetHistogramSum());
        }

        var duration = Assert.Single(metrics, m => m.Name == "gen_ai.client.operation.duration");
        Assert.Equal("s", duration.Unit);
        var durationPoint = Assert.Single(Points(duration, feature));
        Assert.Equal(
            new[] { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, double.PositiveInfinity },
            Bounds(durationPoint));

        var costMetric = Assert.Single(metrics, m => m.Name == "llmops.client.operation.cost");
        Assert.Equal("USD", costMetric.Unit);
        Assert.Equal(MetricType.DoubleSum, costMetric.MetricType);
        var costPoint = Assert.Single(Points(costMetric, feature));
        Assert.Equal((double)cost, costPoint.GetSumDouble(), 12);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["gen_ai.provider.name"] = "openai",
                ["gen_ai.request.model"] = "gpt-4o",
                ["llmops.feature"] = feature,
                ["llmops.team"] = "search-team",
                ["llmops.prompt.id"] = "triage",
                ["llmops.prompt.version"] = "3",
            },
            Tags(costPoint));
    }

    private static List<MetricPoint> Points(Metric metric, string feature)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            if (Equals(Tags(point).GetValueOrDefault("llmops.feature"), feature))
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private static double[] Bounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        return bounds.ToArray();
    }
}
