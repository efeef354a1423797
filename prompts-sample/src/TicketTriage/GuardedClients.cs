using System;
using LlmOps.Guardrails.Runtime;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Providers;
using Microsoft.Extensions.AI;

namespace TicketTriage;

/// <summary>
/// One IChatClient per prompt, each a provider SDK (OpenAI or Anthropic) behind the LlmOps middleware: attribution,
/// telemetry, retries and a shared daily budget, so a runaway loop stops at a known cost instead of at the invoice.
/// </summary>
internal sealed class GuardedClients : IDisposable
{
    private readonly BudgetOptions budget;

    public GuardedClients(string openAIKey, string anthropicKey, decimal dailyBudgetUsd)
    {
        budget = new BudgetOptions
        {
            Limits = { BudgetLimit.Global(BudgetWindow.Day, dailyBudgetUsd) },
            OnAlert = alert => Console.Error.WriteLine($"budget alert: {alert}"),
        };
        Classify = Create(Prompts.ClassifyTicket.Model, openAIKey, anthropicKey);
        Summarise = Create(Prompts.SummariseTicket.Model, openAIKey, anthropicKey);
        DraftReply = Create(Prompts.DraftReply.Model, openAIKey, anthropicKey);
    }

    public IChatClient Classify { get; }

    public IChatClient Summarise { get; }

    public IChatClient DraftReply { get; }

    /// <summary>Which SDK serves a model: Claude models go to Anthropic, everything else to OpenAI.</summary>
    public static bool IsAnthropic(string model) => model.StartsWith("claude-", StringComparison.Ordinal);

    public void Dispose()
    {
        Classify.Dispose();
        Summarise.Dispose();
        DraftReply.Dispose();
    }

    private IChatClient Create(string model, string openAIKey, string anthropicKey)
    {
        IChatClient provider = IsAnthropic(model)
            ? LlmOpsProviders.Anthropic(anthropicKey, model)
            : LlmOpsProviders.OpenAI(openAIKey, model);
        return provider.UseLlmOpsGuardrails(options => options.Budget = budget);
    }
}
