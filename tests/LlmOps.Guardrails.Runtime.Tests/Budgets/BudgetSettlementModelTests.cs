using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Runtime.Budgets;
using Microsoft.Extensions.AI;
using static LlmOps.Guardrails.Runtime.Tests.Budgets.BudgetTestKit;

namespace LlmOps.Guardrails.Runtime.Tests.Budgets;

/// <summary>
/// A call is settled on the model that answered, else on the one requested. The budget remembers its last catalog
/// lookups: a model that changes from call to call must still be priced as itself every time.
/// </summary>
public class BudgetSettlementModelTests
{
    private const string Cheap = "settle-cheap-2025-01-01";
    private const string Dear = "settle-dear-2025-01-01";

    private static readonly ModelCatalog TwoModels = ModelCatalog.Parse(new StringReader($"""
        schema_version: 1
        models:
          - id: {Cheap}
            provider: openai
            kind: snapshot
            max_output_tokens: 1000
            tokenizer: o200k_base
            prices:
              input: 1
              output: 10
          - id: {Dear}
            provider: openai
            kind: snapshot
            max_output_tokens: 1000
            tokenizer: o200k_base
            prices:
              input: 5
              output: 50
        """), "settlement-tests");

    [Fact]
    public async Task Each_call_is_settled_on_the_model_that_answered_or_else_on_the_requested_one()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 100m);
        var options = BudgetOptions(store, limit);
        options.Catalog = TwoModels;
        var answers = new Queue<string?>(new[] { Dear, Cheap, Dear, "not-in-the-catalog", null, Dear });
        var inner = new ScriptedChatClient((_, _, _) => Task.FromResult(ScriptedChatClient.Response(100, 10, answers.Dequeue())));
        var client = new BudgetChatClient(inner, options);
        var bucket = BudgetBucket.For(limit, null, Noon);

        var expected = 0m;
        foreach (var pricedAs in new[] { Dear, Cheap, Dear, Cheap, Cheap, Dear })
        {
            await client.GetResponseAsync(Ask("q"), new ChatOptions { ModelId = Cheap, MaxOutputTokens = 10 });
            TwoModels.TryGet(pricedAs, out var model);
            expected += CostEngine.Calculate(model, new TokenUsage { InputTokens = 100, OutputTokens = 10 }, Noon).TotalCost;
            Assert.Equal(new BudgetUsage(expected, 0m), await store.GetUsageAsync(bucket));
        }
    }

    [Fact]
    public async Task A_change_of_requested_model_is_reserved_and_settled_at_the_new_models_price()
    {
        var store = new InMemoryBudgetStore();
        var limit = BudgetLimit.Global(BudgetWindow.Day, 100m);
        var options = BudgetOptions(store, limit);
        options.Catalog = TwoModels;
        var client = new BudgetChatClient(ScriptedChatClient.Reporting(100, 10, modelId: null), options);
        var bucket = BudgetBucket.For(limit, null, Noon);

        await client.GetResponseAsync(Ask("q"), new ChatOptions { ModelId = Cheap, MaxOutputTokens = 10 });
        var afterCheap = (await store.GetUsageAsync(bucket)).SpentUsd;
        await client.GetResponseAsync(Ask("q"), new ChatOptions { ModelId = Dear, MaxOutputTokens = 10 });
        var afterDear = (await store.GetUsageAsync(bucket)).SpentUsd;

        TwoModels.TryGet(Cheap, out var cheap);
        TwoModels.TryGet(Dear, out var dear);
        var usage = new TokenUsage { InputTokens = 100, OutputTokens = 10 };
        Assert.Equal(CostEngine.Calculate(cheap, usage, Noon).TotalCost, afterCheap);
        Assert.Equal(CostEngine.Calculate(dear, usage, Noon).TotalCost, afterDear - afterCheap);
    }
}
