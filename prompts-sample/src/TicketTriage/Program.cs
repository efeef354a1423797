using System;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime.Budgets;
using LlmOps.Guardrails.Runtime.Providers;

namespace TicketTriage;

/// <summary>
/// Triages one support ticket: TicketTriage [--customer NAME] [SUBJECT [BODY]], or the ticket on standard input.
/// Keys come only from OPENAI_API_KEY and ANTHROPIC_API_KEY; without them the app prints its plan and exits 0.
/// </summary>
internal static class Program
{
    // A ceiling for the whole process per day: far above one ticket, far below an accident.
    private const decimal DailyBudgetUsd = 5m;

    public static async Task<int> Main(string[] args)
    {
        var ticket = TicketInput.Read(args, Console.In, Console.IsInputRedirected);
        string openAIKey = Environment.GetEnvironmentVariable(LlmOpsProviders.OpenAIApiKeyVariable) ?? string.Empty;
        string anthropicKey = Environment.GetEnvironmentVariable(LlmOpsProviders.AnthropicApiKeyVariable) ?? string.Empty;
        if (!HasKeysFor(openAIKey, anthropicKey))
        {
            DryRun.Print(ticket, Console.Out);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        using var clients = new GuardedClients(openAIKey, anthropicKey, DailyBudgetUsd);
        try
        {
            var result = await TriagePipeline.RunAsync(clients, ticket, cancel.Token).ConfigureAwait(false);
            Console.WriteLine($"category: {result.Category}");
            Console.WriteLine($"urgency:  {result.Urgency}");
            Console.WriteLine();
            Console.WriteLine("summary:");
            Console.WriteLine(result.Summary);
            Console.WriteLine();
            Console.WriteLine("draft reply:");
            Console.WriteLine(result.DraftReply);
            return 0;
        }
        catch (BudgetExceededException ex)
        {
            Console.Error.WriteLine($"stopped by the daily budget: {ex.Message}");
            return 2;
        }
    }

    private static bool HasKeysFor(string openAIKey, string anthropicKey)
    {
        foreach (string model in new[] { Prompts.ClassifyTicket.Model, Prompts.SummariseTicket.Model, Prompts.DraftReply.Model })
        {
            string key = GuardedClients.IsAnthropic(model) ? anthropicKey : openAIKey;
            if (key.Length == 0) return false;
        }

        return true;
    }
}
