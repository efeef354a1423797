using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.PostgreSql;
using LlmOps.Guardrails.Tests.Shared;
using Microsoft.Extensions.AI;
using Npgsql;
using static LlmOps.Guardrails.Runtime.Tests.Budgets.BudgetTestKit;

namespace LlmOps.Guardrails.Runtime.Tests.Budgets;

/// <summary>64 concurrent callers through <see cref="BudgetChatClient"/> against one limit, on each store.</summary>
internal static class BudgetLoad
{
    public const int Callers = 64;
    public const int CallsPerCaller = 6;

    public sealed record Outcome(int Settled, int Refused, decimal ReportedUsd, decimal SpentUsd, decimal ReservedUsd, decimal LimitUsd);

    public static async Task<Outcome> RunAsync(IBudgetStore store)
    {
        var limit = BudgetLimit.Global(BudgetWindow.Day, 0.5m);
        var reported = 0m;
        var gate = new object();
        var inner = new ScriptedChatClient(async (messages, _, ct) =>
        {
            // Deterministic per call: the caller and call numbers are in the prompt.
            var text = messages.First().Text;
            var seed = text.GetHashCode(StringComparison.Ordinal) & 0x7fffffff;
            var random = new Random(seed);
            await Task.Delay(1 + random.Next(4), ct);
            var input = 1 + random.Next(InputTokensOf(messages));
            var output = 1 + random.Next(1000);
            lock (gate)
            {
                reported += CostOf(input, output);
            }

            return ScriptedChatClient.Response(input, output);
        });
        var options = BudgetOptions(store, limit);
        var client = new BudgetChatClient(inner, options);
        var settled = 0;
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var call = 0; call < CallsPerCaller; call++)
            {
                try
                {
                    await client.GetResponseAsync(Ask($"caller {caller} call {call}: summarize the attached report"), Options("load"));
                    Interlocked.Increment(ref settled);
                }
                catch (BudgetExceededException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })));

        Assert.Equal(settled, inner.Calls);
        var usage = await store.GetUsageAsync(BudgetBucket.For(limit, null, Noon));
        return new Outcome(settled, refused, reported, usage.SpentUsd, usage.ReservedUsd, limit.LimitUsd);
    }

    public static void AssertConsistent(Outcome outcome)
    {
        Assert.Equal(Callers * CallsPerCaller, outcome.Settled + outcome.Refused);
        Assert.True(outcome.Settled > 0, "some calls must fit the budget");
        Assert.True(outcome.Refused > 0, "the budget must run out under this load");
        Assert.True(outcome.SpentUsd <= outcome.LimitUsd, $"spent {outcome.SpentUsd} > limit {outcome.LimitUsd}");
        Assert.Equal(0m, outcome.ReservedUsd);
        Assert.Equal(outcome.ReportedUsd, outcome.SpentUsd);
    }
}

public class InMemoryBudgetLoadTests
{
    [Fact]
    public async Task Concurrent_callers_never_overspend_and_spend_equals_reported_usage()
    {
        var outcome = await BudgetLoad.RunAsync(new InMemoryBudgetStore());
        BudgetLoad.AssertConsistent(outcome);
    }
}

[Collection(PostgresCollection.Name)]
[RequiresSharedFixture(typeof(PostgresServerFixture))]
public class PostgresBudgetStoreTests(PostgresServerFixture server)
{
    private async Task<PostgresBudgetStore> NewStoreAsync()
    {
        var store = new PostgresBudgetStore(server.ConnectionString, "budgets_" + Guid.NewGuid().ToString("N")[..10]);
        await store.EnsureSchemaAsync();
        await store.EnsureSchemaAsync();
        return store;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Concurrent_callers_never_overspend_and_the_ledger_matches_reported_usage()
    {
        await using var store = await NewStoreAsync();
        var outcome = await BudgetLoad.RunAsync(store);
        BudgetLoad.AssertConsistent(outcome);

        Assert.Equal(outcome.ReportedUsd, await ScalarAsync<decimal>($"SELECT COALESCE(SUM(actual_usd), 0) FROM {store.LedgerTable} WHERE status = 'settled'"));
        Assert.Equal((long)outcome.Settled, await ScalarAsync<long>($"SELECT COUNT(*) FROM {store.LedgerTable} WHERE status = 'settled'"));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT COUNT(*) FROM {store.LedgerTable} WHERE status <> 'settled'"));
    }

    [Fact]
    public async Task Reserve_settle_release_and_refusal_figures()
    {
        await using var store = await NewStoreAsync();
        var global = BudgetLimit.Global(BudgetWindow.Day, 10m);
        var feature = new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Hour, 1m);
        var gBucket = BudgetBucket.For(global, null, Noon);
        var fBucket = BudgetBucket.For(feature, "search", Noon);

        var first = await store.ReserveAsync([new BudgetCharge(global, gBucket, 0.75m), new BudgetCharge(feature, fBucket, 0.75m)]);
        Assert.True(first.Succeeded);
        Assert.Equal(new BudgetUsage(0m, 0.75m), await store.GetUsageAsync(fBucket));

        var refused = await store.ReserveAsync([new BudgetCharge(global, gBucket, 0.5m), new BudgetCharge(feature, fBucket, 0.5m)]);
        Assert.False(refused.Succeeded);
        Assert.Same(feature, refused.Violated!.Value.Limit);
        Assert.Equal(new BudgetUsage(0m, 0.75m), refused.ViolatedUsage);
        Assert.Equal(new BudgetUsage(0m, 0.75m), await store.GetUsageAsync(gBucket));

        var after = await store.SettleAsync(first, 0.3m);
        Assert.Equal([new BudgetUsage(0.3m, 0m), new BudgetUsage(0.3m, 0m)], after);
        Assert.Empty(await store.SettleAsync(first, 0.3m));
        await store.ReleaseAsync(first);
        Assert.Equal(new BudgetUsage(0.3m, 0m), await store.GetUsageAsync(gBucket));

        var second = await store.ReserveAsync([new BudgetCharge(feature, fBucket, 0.7m)]);
        Assert.True(second.Succeeded);
        await store.ReleaseAsync(second);
        Assert.Equal(new BudgetUsage(0.3m, 0m), await store.GetUsageAsync(fBucket));
        Assert.Equal("released", await ScalarAsync<string>($"SELECT status FROM {store.LedgerTable} WHERE reservation_id = '{second.Id}'"));
        Assert.Equal(0.3m, await ScalarAsync<decimal>($"SELECT actual_usd FROM {store.LedgerTable} WHERE reservation_id = '{first.Id}'"));

        // More than the limit can never fit, even in a bucket that does not exist yet.
        Assert.False((await store.ReserveAsync([new BudgetCharge(feature, BudgetBucket.For(feature, "new", Noon), 1.5m)])).Succeeded);
    }

    [Fact]
    public async Task Abandoned_reservations_can_be_released()
    {
        await using var store = await NewStoreAsync();
        var limit = BudgetLimit.Global(BudgetWindow.Month, 1m);
        var bucket = BudgetBucket.For(limit, null, Noon);
        var open = await store.ReserveAsync([new BudgetCharge(limit, bucket, 0.6m)]);
        Assert.Equal(0, await store.ReleaseAbandonedAsync(TimeSpan.FromHours(1)));
        Assert.Equal(1, await store.ReleaseAbandonedAsync(TimeSpan.Zero));
        Assert.Equal(default, await store.GetUsageAsync(bucket));
        Assert.Empty(await store.SettleAsync(open, 0.6m));
    }

    [Fact]
    public async Task Budget_client_over_postgres_refuses_without_calling_the_provider()
    {
        await using var store = await NewStoreAsync();
        var limit = new BudgetLimit(BudgetScope.Feature, "triage", BudgetWindow.Day, 0.015m);
        var inner = ScriptedChatClient.Reporting(10, 1000);
        var client = new BudgetChatClient(inner, BudgetOptions(store, limit));

        await client.GetResponseAsync(Ask("q"), Options("triage"));
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Ask("q"), Options("triage")));
        Assert.Equal(1, inner.Calls);
        Assert.Equal(CostOf(10, 1000), ex.SpentUsd);
        Assert.Equal("triage", ex.Key);
    }

    [Fact]
    public async Task Instances_sharing_the_store_alert_once_and_lock_buckets_without_deadlock()
    {
        await using var store = await NewStoreAsync();
        var global = BudgetLimit.Global(BudgetWindow.Day, 0.2m);
        var feature = new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Day, 0.2m);
        var team = new BudgetLimit(BudgetScope.Team, null, BudgetWindow.Month, 0.2m);
        var alerts = new System.Collections.Concurrent.ConcurrentBag<BudgetAlert>();
        var inner = ScriptedChatClient.Reporting(10, 100);

        // Two "instances" whose limits (and so charges) come in opposite orders.
        BudgetChatClient Instance(params BudgetLimit[] limits)
        {
            var options = BudgetOptions(store, limits);
            options.AlertThresholds = [0.5];
            options.OnAlert = alerts.Add;
            return new BudgetChatClient(inner, options);
        }

        var clients = new[] { Instance(global, feature, team), Instance(team, feature, global) };
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            for (var call = 0; call < 8; call++)
            {
                try
                {
                    await clients[i % 2].GetResponseAsync(Ask($"{i}/{call}"), Options("shared", team: "core"));
                }
                catch (BudgetExceededException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })));

        Assert.True(refused > 0);
        Assert.Equal(3, alerts.Count);
        Assert.Equal(3, alerts.Select(a => a.Limit).Distinct().Count());
        var spent = (await store.GetUsageAsync(BudgetBucket.For(global, null, Noon))).SpentUsd;
        Assert.Equal(inner.Calls * CostOf(10, 100), spent);
        Assert.True(spent <= 0.2m);
    }
}
