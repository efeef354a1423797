using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>Deprecation and retirement over time, and prices across history boundaries and daily windows.</summary>
public class LifecycleTests
{
    private static ModelCatalog Catalog => ModelCatalog.Default;

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void A_snapshot_is_active_then_deprecated_then_retired()
    {
        var o3 = Catalog.Lookup("o3-2025-04-16").Model!;

        Assert.Equal(ModelStatus.Active, o3.StatusAt(Utc(2026, 6, 10, 23, 59)));
        Assert.Equal(ModelStatus.Deprecated, o3.StatusAt(Utc(2026, 6, 11)));
        Assert.Equal(ModelStatus.Deprecated, o3.StatusAt(CatalogTestData.Today));
        Assert.Equal(ModelStatus.Deprecated, o3.StatusAt(Utc(2026, 12, 10, 23, 59, 59)));
        Assert.Equal(ModelStatus.Retired, o3.StatusAt(Utc(2026, 12, 11)));
        Assert.Equal("gpt-5.5", o3.Replacement);
    }

    [Fact]
    public void An_alias_shares_the_lifecycle_of_its_snapshot()
    {
        Assert.Equal(ModelStatus.Deprecated, Catalog.Lookup("o3").Model!.StatusAt(CatalogTestData.Today));
        Assert.Equal(ModelStatus.Retired, Catalog.Lookup("gpt-3.5-turbo").Model!.StatusAt(CatalogTestData.Today));
        Assert.Equal(ModelStatus.Retired, Catalog.Lookup("claude-3-7-sonnet-latest").Model!.StatusAt(CatalogTestData.Today));
        Assert.Equal(ModelStatus.Active, Catalog.Lookup("claude-sonnet-4-5").Model!.StatusAt(CatalogTestData.Today));
    }

    [Theory]
    [InlineData("claude-3-haiku-20240307", ModelStatus.Retired, "claude-haiku-4-5-20251001")]
    [InlineData("claude-opus-4-1-20250805", ModelStatus.Retired, "claude-opus-4-8")]
    [InlineData("gpt-4o-2024-08-06", ModelStatus.Active, null)]
    [InlineData("gpt-5-2025-08-07", ModelStatus.Deprecated, "gpt-5.5")]
    [InlineData("gemini-2.0-flash", ModelStatus.Retired, "gemini-2.5-flash")]
    [InlineData("deepseek-chat", ModelStatus.Retired, "deepseek-v4-flash")]
    [InlineData("grok-4-0709", ModelStatus.Retired, "grok-4.3")]
    [InlineData("codestral-2501", ModelStatus.Retired, "codestral-2508")]
    public void Known_lifecycles_today(string id, ModelStatus status, string? replacement)
    {
        var model = Catalog.Lookup(id).Model!;

        Assert.Equal(status, model.StatusAt(CatalogTestData.Today));
        Assert.Equal(replacement, model.Replacement);
    }

    [Fact]
    public void Active_replacement_follows_the_chain_past_retired_replacements()
    {
        // OpenAI named o4-mini for o1-mini in 2025; o4-mini has since retired in favour of gpt-5.4-mini.
        var o1Mini = Catalog.Lookup("o1-mini-2024-09-12").Model!;

        Assert.Equal("o4-mini", o1Mini.Replacement);
        Assert.Equal("gpt-5.4-mini", Catalog.ActiveReplacementFor(o1Mini, CatalogTestData.Today)!.Id);
        Assert.Null(Catalog.ActiveReplacementFor(Catalog.Lookup("gpt-5.5").Model!, CatalogTestData.Today));
    }

    [Fact]
    public void Price_changes_at_the_start_of_its_start_date()
    {
        var o3 = Catalog.Lookup("o3-2025-04-16").Model!;

        var before = o3.PriceAt(Utc(2025, 6, 9, 23, 59, 59));
        var after = o3.PriceAt(Utc(2025, 6, 10));

        Assert.Equal(10m, before.InputPerMillion);
        Assert.Equal(40m, before.OutputPerMillion);
        Assert.Equal(2m, after.InputPerMillion);
        Assert.Equal(8m, after.OutputPerMillion);
    }

    [Fact]
    public void Introductory_price_ends_on_its_date()
    {
        var sonnet5 = Catalog.Lookup("claude-sonnet-5").Model!;

        Assert.Equal(2m, sonnet5.PriceAt(Utc(2026, 8, 31, 23, 59, 59)).InputPerMillion);
        Assert.Equal(3m, sonnet5.PriceAt(Utc(2026, 9, 1)).InputPerMillion);
        Assert.Equal(6m, sonnet5.PriceAt(Utc(2026, 9, 1)).CacheWrite1h!.BasePerMillion);
    }

    [Fact]
    public void Long_context_tiers_and_their_removal_follow_the_history()
    {
        var opus46 = Catalog.Lookup("claude-opus-4-6").Model!;

        var tiered = opus46.PriceAt(Utc(2026, 3, 12));
        var flat = opus46.PriceAt(Utc(2026, 3, 13));

        Assert.Equal(10m, tiered.Input.RateFor(250_000));
        Assert.Equal(5m, tiered.Input.RateFor(200_000));
        Assert.Equal(5m, flat.Input.RateFor(250_000));
    }

    [Fact]
    public void Daily_windows_apply_inside_their_hours_only()
    {
        var chat = Catalog.Lookup("deepseek-chat").Model!;

        Assert.Equal(0.135m, chat.PriceAt(Utc(2026, 7, 1, 0, 29, 59)).InputPerMillion);
        Assert.Equal(0.27m, chat.PriceAt(Utc(2026, 7, 1, 0, 30)).InputPerMillion);
        Assert.Equal(0.27m, chat.PriceAt(Utc(2026, 7, 1, 16, 29, 59)).InputPerMillion);
        Assert.Equal(0.135m, chat.PriceAt(Utc(2026, 7, 1, 16, 30)).InputPerMillion);
    }
}
