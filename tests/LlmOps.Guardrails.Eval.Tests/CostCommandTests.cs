using System.Globalization;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Eval.Tests;

public class CostCommandTests
{
    [Fact]
    public void Prints_the_cost_engine_breakdown_and_projection()
    {
        var (exitCode, output, error) = CliRunner.Run(
            "cost", "--model", "gpt-4o-2024-08-06", "--input", "1200", "--cached-input", "1000", "--output", "300", "--calls-per-day", "50000");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var model = ModelCatalog.Default.Lookup("gpt-4o-2024-08-06").Model!;
        var cost = CostEngine.Calculate(model, new TokenUsage { InputTokens = 1200, CachedInputTokens = 1000, OutputTokens = 300 });
        Assert.Contains(cost.TotalCost.ToString("0.000000", CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
        Assert.Contains(cost.MonthlyAt(50000).ToString("0.000000", CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
    }

    [Fact]
    public void Cached_tokens_cannot_exceed_input()
    {
        var (exitCode, _, error) = CliRunner.Run("cost", "--model", "gpt-4o-2024-08-06", "--input", "10", "--cached-input", "20");

        Assert.Equal(3, exitCode);
        Assert.Contains("LLME005", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_model_asks_for_one()
    {
        var (exitCode, _, error) = CliRunner.Run("cost", "--input", "10");

        Assert.Equal(3, exitCode);
        Assert.Contains("LLME004", error, StringComparison.Ordinal);
    }

    [Fact]
    public void List_shows_aliases_with_their_snapshot()
    {
        var (exitCode, output, _) = CliRunner.Run("cost", "--list");

        Assert.Equal(0, exitCode);
        var alias = ModelCatalog.Default.Models.First(m => m.IsAlias);
        Assert.Contains($"alias of {alias.ResolvesTo}", output, StringComparison.Ordinal);
    }
}
