using LlmOps.Guardrails.Runtime.Budgets;

namespace LlmOps.Guardrails.Runtime.Tests.Budgets;

public class BudgetStoreTests
{
    private static readonly DateTimeOffset Noon = BudgetTestKit.Noon;

    private static BudgetCharge Charge(BudgetLimit limit, string? key, decimal amount, DateTimeOffset? at = null) =>
        new(limit, BudgetBucket.For(limit, key, at ?? Noon), amount);

    [Fact]
    public async Task Reserve_then_settle_moves_the_reservation_to_spend_once()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 10m);
        var charge = Charge(limit, null, 1.5m);

        var reservation = await store.ReserveAsync([charge]);
        Assert.True(reservation.Succeeded);
        Assert.Equal(new BudgetUsage(0m, 1.5m), await store.GetUsageAsync(charge.Bucket));

        var after = await store.SettleAsync(reservation, 0.4m);
        Assert.Equal([new BudgetUsage(0.4m, 0m)], after);
        Assert.Equal(new BudgetUsage(0.4m, 0m), await store.GetUsageAsync(charge.Bucket));

        Assert.Empty(await store.SettleAsync(reservation, 0.4m));
        await store.ReleaseAsync(reservation);
        Assert.Equal(new BudgetUsage(0.4m, 0m), await store.GetUsageAsync(charge.Bucket));
    }

    [Fact]
    public async Task Settle_can_record_more_than_was_reserved_and_reserved_never_goes_negative()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Hour, 10m);
        var reservation = await store.ReserveAsync([Charge(limit, null, 1m)]);
        var after = await store.SettleAsync(reservation, 2.25m);
        Assert.Equal(new BudgetUsage(2.25m, 0m), after[0]);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.SettleAsync(reservation, -1m));
    }

    [Fact]
    public async Task Release_gives_the_reservation_back()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        var first = await store.ReserveAsync([Charge(limit, null, 0.75m)]);
        Assert.False((await store.ReserveAsync([Charge(limit, null, 0.5m)])).Succeeded);

        await store.ReleaseAsync(first);
        await store.ReleaseAsync(first);
        Assert.Equal(default, await store.GetUsageAsync(Charge(limit, null, 0m).Bucket));
        Assert.True((await store.ReserveAsync([Charge(limit, null, 0.5m)])).Succeeded);
        Assert.Empty(await store.SettleAsync(first, 1m));
    }

    [Fact]
    public async Task Reservation_is_all_or_nothing_and_names_the_violated_limit()
    {
        var store = new InMemoryBudgetStore();
        var global = BudgetLimit.Global(BudgetWindow.Day, 100m);
        var feature = new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Day, 1m);
        var held = await store.ReserveAsync([Charge(feature, "search", 0.9m)]);
        Assert.True(held.Succeeded);

        var refused = await store.ReserveAsync([Charge(global, null, 0.2m), Charge(feature, "search", 0.2m)]);
        Assert.False(refused.Succeeded);
        Assert.Same(feature, refused.Violated!.Value.Limit);
        Assert.Equal("search", refused.Violated.Value.Bucket.Key);
        Assert.Equal(new BudgetUsage(0m, 0.9m), refused.ViolatedUsage);
        Assert.Equal(default, await store.GetUsageAsync(Charge(global, null, 0m).Bucket));

        // Another feature has its own bucket under the same keyless limit.
        Assert.True((await store.ReserveAsync([Charge(global, null, 0.2m), Charge(feature, "chat", 0.2m)])).Succeeded);
        Assert.Equal(new BudgetUsage(0m, 0.2m), await store.GetUsageAsync(Charge(global, null, 0m).Bucket));
    }

    [Fact]
    public async Task A_reservation_up_to_the_limit_fits_and_a_cent_more_does_not()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Month, 1m);
        Assert.True((await store.ReserveAsync([Charge(limit, null, 1m)])).Succeeded);
        Assert.False((await store.ReserveAsync([Charge(limit, null, 0.01m)])).Succeeded);
        Assert.True((await store.ReserveAsync([Charge(limit, null, 0m)])).Succeeded);
    }

    [Fact]
    public async Task Two_charges_on_one_bucket_are_refused_as_a_programming_error()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 1m);
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ReserveAsync([Charge(limit, null, 0.1m), Charge(limit, null, 0.1m)]));
    }

    [Fact]
    public async Task A_new_window_starts_empty_and_the_old_one_keeps_its_spend()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Hour, 1m);
        var r = await store.ReserveAsync([Charge(limit, null, 1m, Noon)]);
        await store.SettleAsync(r, 1m);
        Assert.False((await store.ReserveAsync([Charge(limit, null, 0.5m, Noon.AddMinutes(29))])).Succeeded);
        Assert.True((await store.ReserveAsync([Charge(limit, null, 0.5m, Noon.AddMinutes(30))])).Succeeded);
        Assert.Equal(1m, (await store.GetUsageAsync(BudgetBucket.For(limit, null, Noon))).SpentUsd);
    }

    [Theory]
    [InlineData(BudgetWindow.Hour, "2026-11-24T12:00:00Z", "2026-11-24T13:00:00Z")]
    [InlineData(BudgetWindow.Day, "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z")]
    [InlineData(BudgetWindow.Month, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")]
    public void Windows_are_calendar_windows_in_utc(BudgetWindow window, string start, string end)
    {
        // 12:30 UTC is 07:30 in New York: the window is picked in UTC whatever the offset.
        var at = new DateTimeOffset(2026, 11, 24, 7, 30, 0, TimeSpan.FromHours(-5));
        var windowStart = BudgetWindows.StartOf(window, at);
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), windowStart);
        Assert.Equal(TimeSpan.Zero, windowStart.Offset);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), BudgetWindows.EndOf(window, windowStart));
    }

    [Fact]
    public void Limits_validate_their_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetLimit.Global(BudgetWindow.Day, -1m));
        Assert.Throws<ArgumentException>(() => new BudgetLimit(BudgetScope.Global, "x", BudgetWindow.Day, 1m));
        Assert.Null(new BudgetLimit(BudgetScope.Team, "  ", BudgetWindow.Day, 1m).Key);
    }

    [Fact]
    public async Task Concurrent_reservations_never_overshoot_and_lose_no_update()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 50m);
        var granted = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var r = await store.ReserveAsync([Charge(limit, null, 0.01m)]);
                if (r.Succeeded)
                {
                    Interlocked.Increment(ref granted);
                    await store.SettleAsync(r, 0.01m);
                }
            }
        })));

        Assert.Equal(5000, granted);
        Assert.Equal(new BudgetUsage(50m, 0m), await store.GetUsageAsync(BudgetBucket.For(limit, null, Noon)));
    }
}
