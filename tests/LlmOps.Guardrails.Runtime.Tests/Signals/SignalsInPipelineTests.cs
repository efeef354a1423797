using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Audit;
using LlmOps.Guardrails.Runtime.Signals.Spend;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using LlmOps.Guardrails.Runtime.Tests.Providers;
using LlmOps.Guardrails.Runtime.Tests.Telemetry;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Signals;

/// <summary>The signals registered on the recommended pipeline, over the real OpenAI client and a loopback provider.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class SignalsInPipelineTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "llmops-signals-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task The_audit_trail_keeps_one_verifiable_record_per_call_without_the_prompt_text()
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("Billing");
        using var sink = new JsonlAuditSink(folder);
        await using var audit = new AuditTrailObserver(sink);
        using var chat = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o => o.Observers.Add(audit));
        var options = new ChatOptions { ModelId = ProviderTestKit.OpenAIModel }.WithAttribution("triage", promptId: "classify", promptVersion: "2");

        for (var i = 0; i < 3; i++)
        {
            await chat.GetResponseAsync("Classify: my invoice from ada@example.com is wrong " + i, options);
        }

        await audit.FlushAsync();
        var verification = AuditFileVerifier.Verify(folder);
        Assert.True(verification.IsIntact);
        Assert.Equal(3, verification.Records);
        var text = string.Concat(Directory.GetFiles(folder).Select(File.ReadAllText));
        Assert.Contains("\"classify\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("invoice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderTestKit.OpenAIKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fail_closed_audit_trail_that_cannot_write_fails_the_call()
    {
        await using var server = FakeProviderServer.Start();
        File.WriteAllText(folder, "a file where the audit folder should be");
        using var sink = new JsonlAuditSink(Path.Combine(folder, "audit"));
        await using var audit = new AuditTrailObserver(sink, new AuditOptions { FailClosed = true, MaxWriteAttempts = 1 });
        using var chat = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o => o.Observers.Add(audit));

        var error = await Assert.ThrowsAsync<AuditWriteException>(() =>
            chat.GetResponseAsync("hello", new ChatOptions { ModelId = ProviderTestKit.OpenAIModel }.WithAttribution("strict")));

        Assert.IsAssignableFrom<CallRecordNotKeptException>(error);
    }

    [Fact]
    public async Task The_spend_observer_counts_each_feature_at_the_cost_the_pipeline_billed()
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("Billing", new FakeUsage(InputTokens: 2000, OutputTokens: 500));
        var day = DateTime.UtcNow.Date;
        // Daily totals are kept for the scopes a budget is forecast for: here, each feature's monthly budget.
        var forecast = new BudgetForecastOptions { Limits = { new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Month, 100m) } };
        using var spend = new SpendSignalsObserver(new SpendSignalsOptions { Forecast = forecast });
        var costs = new List<decimal>();
        var recorder = new CostRecorder(costs);
        using var chat = ProviderTestKit.OpenAI(server).UseLlmOpsGuardrails(o =>
        {
            o.Observers.Add(spend);
            o.Observers.Add(recorder);
        });

        for (var i = 0; i < 4; i++)
        {
            await chat.GetResponseAsync("hello " + i, new ChatOptions { ModelId = ProviderTestKit.OpenAIModel }.WithAttribution(i % 2 == 0 ? "triage" : "drafts"));
        }

        var triage = spend.DailySpendOf(SpendDimension.Feature, "triage", day, day.AddDays(1)).Days.Sum();
        var all = spend.DailySpendOf(SpendDimension.Feature, "drafts", day, day.AddDays(1)).Days.Sum() + triage;
        Assert.True(triage > 0m);
        Assert.Equal(costs.Sum(), all);
        Assert.Equal(costs[0] + costs[2], triage);
    }

    private sealed class CostRecorder(List<decimal> costs) : ILlmCallObserver
    {
        public void OnCallCompleted(LlmCallRecord call) => costs.Add(call.CostUsd ?? 0m);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        else if (File.Exists(folder))
        {
            File.Delete(folder);
        }
    }
}
