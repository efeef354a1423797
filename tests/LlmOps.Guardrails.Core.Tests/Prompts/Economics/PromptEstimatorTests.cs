using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Economics;

public class PromptEstimatorTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);

    private const string SystemText = "You are a support ticket classifier. Answer with one word: billing, bug, or other.";
    private const string User = "My invoice for October was charged twice and I want a refund.";

    private static PromptDefinition Prompt(string model, int? expectedOutput = 150, int? maxOutput = 400, params PromptMessage[] messages) => new()
    {
        Id = "support.classify",
        Model = model,
        ExpectedOutputTokens = expectedOutput,
        Parameters = new PromptParameters { MaxOutputTokens = maxOutput },
        Messages = messages.Length > 0
            ? messages
            : new[] { new PromptMessage { Role = "system", Template = SystemText }, new PromptMessage { Role = "user", Template = User } },
    };

    private static IEnumerable<ChatMessageText> Chat() => new[] { new ChatMessageText("system", SystemText), new ChatMessageText("user", User) };

    [Fact]
    public void Snapshot_model_matches_the_token_counter_and_the_cost_engine_exactly()
    {
        var estimate = PromptEstimator.Estimate(Prompt("gpt-4o-2024-08-06"), ModelCatalog.Default, At);

        var expectedTokens = TokenCounters.ForModel("gpt-4o-2024-08-06").CountChat(Chat()).Tokens;
        var model = ModelCatalog.Default.Lookup("gpt-4o-2024-08-06").Model!;
        var expectedCost = CostEngine.Calculate(model, new TokenUsage { InputTokens = expectedTokens, OutputTokens = 150 }, At).TotalCost;

        Assert.Equal("gpt-4o-2024-08-06", estimate.Model);
        Assert.Equal(expectedTokens, estimate.InputTokens);
        Assert.False(estimate.InputTokensEstimated);
        Assert.Equal(150, estimate.OutputTokens);
        Assert.Equal(expectedCost, estimate.CostPerCall);
        Assert.Equal(model.PricesCheckedOn, estimate.PricesCheckedOn);

        // Golden: $2.50 / $10 per million tokens.
        Assert.Equal((expectedTokens * 2.5m / 1_000_000m) + (150 * 10m / 1_000_000m), estimate.CostPerCall);
        Assert.InRange(estimate.InputTokens, 20, 60);
    }

    [Fact]
    public void Alias_is_priced_and_named_as_its_snapshot()
    {
        var alias = PromptEstimator.Estimate(Prompt("gpt-4o"), ModelCatalog.Default, At);
        var snapshot = PromptEstimator.Estimate(Prompt("gpt-4o-2024-08-06"), ModelCatalog.Default, At);

        Assert.Equal("gpt-4o-2024-08-06", alias.Model);
        Assert.Equal(snapshot.InputTokens, alias.InputTokens);
        Assert.Equal(snapshot.CostPerCall, alias.CostPerCall);
        Assert.Equal(snapshot.PricesCheckedOn, alias.PricesCheckedOn);
        Assert.NotNull(alias.CostPerCall);
    }

    [Fact]
    public void Unknown_model_still_counts_tokens_but_has_no_price()
    {
        var estimate = PromptEstimator.Estimate(Prompt("acme-llm-9000"), ModelCatalog.Default, At);

        Assert.Equal("acme-llm-9000", estimate.Model);
        Assert.Equal(TokenCounters.ForModel("acme-llm-9000").CountChat(Chat()).Tokens, estimate.InputTokens);
        Assert.True(estimate.InputTokensEstimated);
        Assert.Null(estimate.CostPerCall);
        Assert.Null(estimate.PricesCheckedOn);
        Assert.Equal(150, estimate.OutputTokens);
    }

    [Fact]
    public void Claude_tokens_are_flagged_as_estimates()
    {
        var estimate = PromptEstimator.Estimate(Prompt("claude-sonnet-4-5-20250929"), ModelCatalog.Default, At);

        Assert.True(estimate.InputTokensEstimated);
        Assert.Equal(TokenCounters.ForModel("claude-sonnet-4-5-20250929").CountChat(Chat()).Tokens, estimate.InputTokens);
        Assert.NotNull(estimate.CostPerCall);
    }

    [Theory]
    [InlineData(150, 400, 150)]
    [InlineData(null, 400, 400)]
    [InlineData(null, null, 0)]
    public void Output_tokens_fall_back_from_expected_to_max_to_zero(int? expected, int? max, long output)
    {
        var estimate = PromptEstimator.Estimate(Prompt("gpt-4o-mini-2024-07-18", expected, max), ModelCatalog.Default, At);

        Assert.Equal(output, estimate.OutputTokens);
        var model = ModelCatalog.Default.Lookup("gpt-4o-mini-2024-07-18").Model!;
        Assert.Equal(
            CostEngine.Calculate(model, new TokenUsage { InputTokens = estimate.InputTokens, OutputTokens = output }, At).TotalCost,
            estimate.CostPerCall);
    }

    [Fact]
    public void Placeholders_are_rendered_with_the_sample_values_before_counting()
    {
        var prompt = new PromptDefinition
        {
            Id = "support.reply",
            Model = "gpt-4o-2024-08-06",
            ExpectedOutputTokens = 200,
            Variables = new[]
            {
                new PromptVariable { Name = "ticket", Sample = "The printer on floor 3 has been on fire since Tuesday. Please advise." },
                new PromptVariable { Name = "tone", Sample = "calm" },
            },
            Messages = new[]
            {
                new PromptMessage { Role = "system", Template = "Reply in a {{tone}} voice." },
                new PromptMessage { Role = "user", Template = "Ticket: {{ ticket }}" },
            },
        };

        var estimate = PromptEstimator.Estimate(prompt, ModelCatalog.Default, At);

        var expected = TokenCounters.ForModel("gpt-4o-2024-08-06").CountChat(new[]
        {
            new ChatMessageText("system", "Reply in a calm voice."),
            new ChatMessageText("user", "Ticket: The printer on floor 3 has been on fire since Tuesday. Please advise."),
        }).Tokens;
        Assert.Equal(expected, estimate.InputTokens);
    }
}
